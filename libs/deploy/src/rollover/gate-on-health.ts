import { DeployError } from '../log/errors';
import type { Target } from '../ports/load-balancer';
import { pollUntil, stillWaiting } from '../wait/poll-until';
import { withRetry } from './retry';
import type { RolloverDeps } from './rollover-types';

export async function registerTargets(targetGroup: string, targets: Target[], deps: RolloverDeps): Promise<void> {
  await withRetry('register targets', () => deps.loadBalancer.register(targetGroup, targets), deps);
  deps.logger.info(`registered ${targets.map((t) => `${t.id}:${t.port}`).join(', ')}`);
}

/**
 * The health barrier: every new target healthy in the load balancer, bounded by
 * `--health-timeout`. Prints each state change with elapsed time and ELB's reason code, so a
 * CI log shows why a target is not healthy (e.g. Target.ResponseCodeMismatch).
 */
export async function waitUntilHealthy(targetGroup: string, targets: Target[], timeoutMs: number, intervalMs: number, deps: RolloverDeps): Promise<void> {
  const seen = new Map<string, string>();
  let waitingFor = '';
  await pollUntil({
    what: `${targets.length} new target(s) to become healthy`,
    hint: 'The API did not answer its health check (/api/health) in time; the startup log below usually says why.',
    timeoutMs,
    intervalMs,
    clock: deps.clock,
    signal: deps.signal,
    heartbeat: stillWaiting(deps.logger, () => waitingFor),
    check: async (stamp) => {
      const health = await withRetry('read target health', () => deps.loadBalancer.targetHealth(targetGroup, targets), deps);
      const notYet: string[] = [];
      for (const h of health) {
        const label = h.reason ? `${h.state} (${h.reason}${h.description ? `: ${h.description}` : ''})` : h.state;
        if (seen.get(h.id) !== label) {
          deps.logger.info(`[${stamp}] ${h.id}: ${label}`);
          seen.set(h.id, label);
        }
        // A stopped/terminated target can never become healthy: fail now, not in 15 minutes.
        if (h.reason === 'Target.InvalidState' || h.reason === 'Target.NotRegistered') {
          throw new DeployError(`Target ${h.id} can no longer become healthy: ${h.reason}${h.description ? ` (${h.description})` : ''}`);
        }
        if (h.state !== 'healthy') notYet.push(`${h.id} ${h.state}${h.reason ? ` ${h.reason}` : ''}`);
      }
      waitingFor = notYet.join('; ');
      return notYet.length === 0 && health.length === targets.length;
    },
  });
}
