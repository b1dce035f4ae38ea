import { DeployError } from '../log/errors';
import type { InstanceState, StatusChecks } from '../ports/compute';
import { pollUntil, stillWaiting } from '../wait/poll-until';
import { retryTransient } from '../wait/retry';
import type { RolloverRun } from './rollover-types';

/**
 * Waits until every instance runs and BOTH status checks (system and instance) are `ok` —
 * the seed's own script compared strings arithmetically and ignored the instance check
 * (defect 2), and had no bound (defect 3). Fails at once when AWS terminates an instance.
 */
export async function waitUntilRunning(run: RolloverRun, ids: string[], timeoutMs: number): Promise<void> {
  const { deps } = run;
  const seen = new Map<string, string>();
  let pendingSummary = '';
  const until = deps.clock.now() + timeoutMs;
  await pollUntil({
    what: `${ids.length} instance(s) to run and pass status checks`,
    hint: 'The AMI or instance type may be broken in this subnet; see the console output below.',
    timeoutMs,
    intervalMs: run.pollMs,
    clock: deps.clock,
    signal: deps.signal,
    heartbeat: stillWaiting(deps.logger, () => pendingSummary),
    check: async (stamp) => {
      await run.retry.keepAlive?.();
      const instances = await retryTransient('describe instances', () => deps.compute.describeInstances(ids), run.retry, { deadlineAt: until });
      const running = instances.filter((i) => i.state === 'running').map((i) => i.id);
      const checks: Record<string, StatusChecks> = running.length
        ? await retryTransient('read status checks', () => deps.compute.statusChecks(running), run.retry, { deadlineAt: until })
        : {};
      const waiting: string[] = [];
      for (const id of ids) {
        const inst = instances.find((i) => i.id === id);
        const state: InstanceState | 'not visible yet' = inst?.state ?? 'not visible yet';
        const c = checks[id];
        const label = c ? `${state}, system ${c.system}, instance ${c.instance}` : state;
        if (seen.get(id) !== label) {
          deps.logger.info(`[${stamp}] ${id}: ${label}`);
          seen.set(id, label);
        }
        if (state === 'shutting-down' || state === 'terminated' || state === 'stopping' || state === 'stopped') {
          throw new DeployError(`Instance ${id} is ${state}${inst?.stateReason ? `: ${inst.stateReason}` : ''} (ended by AWS while starting)`, {
            hint: 'Often capacity or a bad AMI/instance type; rerun the deploy, or choose another --instance-type.',
          });
        }
        if (c && (c.system === 'impaired' || c.instance === 'impaired')) {
          throw new DeployError(`Instance ${id} failed its status checks (system ${c.system}, instance ${c.instance})`);
        }
        if (!(c && c.system === 'ok' && c.instance === 'ok')) waiting.push(`${id} ${label}`);
      }
      pendingSummary = waiting.join('; ');
      return waiting.length === 0;
    },
  });
}
