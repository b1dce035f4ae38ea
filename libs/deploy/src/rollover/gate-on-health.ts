import { DeployError, formatDuration } from '../log/errors';
import type { Target } from '../ports/load-balancer';
import { pollUntil, stillWaiting } from '../wait/poll-until';
import { mutateConverged } from '../wait/retry';
import type { RolloverRun } from './rollover-types';
import { isAttached, label, readHealth } from './target-health';

export async function registerTargets(run: RolloverRun, targets: Target[]): Promise<void> {
  await mutateConverged(
    `register ${targets.map((t) => t.id).join(', ')}`,
    () => run.deps.loadBalancer.register(run.config.targetGroupArn, targets),
    async () => (await run.deps.loadBalancer.targetHealth(run.config.targetGroupArn, targets)).every(isAttached),
    run.retry,
    { deadlineAt: run.callDeadline() },
  );
  run.deps.logger.info(`registered ${targets.map((t) => `${t.id}:${t.port}`).join(', ')}`);
}

/**
 * The health barrier: every new target healthy in the load balancer, bounded by
 * `--health-timeout`. Prints each state change with elapsed time and ELB's reason code, so a
 * CI log shows why a target is not healthy (e.g. Target.ResponseCodeMismatch).
 */
export async function waitUntilHealthy(run: RolloverRun, targets: Target[], timeoutMs: number): Promise<void> {
  const seen = new Map<string, string>();
  let waitingFor = '';
  const until = run.deps.clock.now() + timeoutMs;
  await pollUntil({
    what: `${targets.length} new target(s) to become healthy`,
    hint: 'The API did not answer its health check (/api/health) in time; the startup log below usually says why.',
    timeoutMs,
    intervalMs: run.pollMs,
    clock: run.deps.clock,
    signal: run.deps.signal,
    heartbeat: stillWaiting(run.deps.logger, () => waitingFor),
    check: async (stamp) => {
      await run.retry.keepAlive?.();
      const health = await readHealth(run, targets, until);
      const notYet: string[] = [];
      for (const h of health) {
        if (seen.get(h.id) !== label(h)) {
          run.deps.logger.info(`[${stamp}] ${h.id}: ${label(h)}`);
          seen.set(h.id, label(h));
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

/**
 * The soak window: the new targets must STAY healthy for `soakMs` while the old ones are
 * still registered, so a release that passes its first checks and then fails (a crash after
 * warm-up, a leak) is caught while rolling back costs nothing.
 */
export async function soak(run: RolloverRun, targets: Target[], soakMs: number): Promise<void> {
  if (soakMs <= 0) {
    run.deps.logger.info('no soak window (--soak=0)');
    return;
  }
  const { clock, logger } = run.deps;
  const t0 = clock.now();
  logger.info(`watching ${targets.map((t) => t.id).join(', ')} for ${formatDuration(soakMs)}; the old fleet stays registered meanwhile`);
  await pollUntil({
    what: 'the soak window',
    timeoutMs: soakMs + run.pollMs,
    intervalMs: Math.min(run.pollMs, soakMs),
    clock,
    signal: run.deps.signal,
    heartbeat: stillWaiting(logger, () => `new target(s) healthy for ${formatDuration(clock.now() - t0)} of ${formatDuration(soakMs)}`),
    check: async () => {
      await run.retry.keepAlive?.();
      await requireAllHealthy(run, targets, 'during the soak window', t0 + soakMs + run.pollMs);
      return clock.now() - t0 >= soakMs;
    },
  });
  logger.info(`the new target(s) stayed healthy for ${formatDuration(clock.now() - t0)}`);
}

/** Throws a DeployError naming every new target that is not healthy right now. */
export async function requireAllHealthy(run: RolloverRun, targets: Target[], when: string, deadlineAt?: number): Promise<void> {
  const health = await readHealth(run, targets, deadlineAt);
  const bad = health.filter((h) => h.state !== 'healthy');
  if (bad.length > 0 || health.length < targets.length) {
    throw new DeployError(`New target(s) turned unhealthy ${when}: ${bad.map((h) => `${h.id} ${label(h)}`).join('; ') || 'not all reported'}`, {
      hint: 'The new release failed after passing its health gate. The old fleet is kept (or put back) in service and the new instances removed; their startup log is printed above.',
    });
  }
}
