import { InterruptedError, WaitTimeoutError, formatDuration } from '../log/errors';
import type { Target } from '../ports/load-balancer';
import { withRetry } from './retry';
import type { RolloverDeps } from './rollover-types';

export async function deregisterTargets(targetGroup: string, targets: Target[], deps: RolloverDeps): Promise<void> {
  if (targets.length === 0) return;
  await withRetry('deregister targets', () => deps.loadBalancer.deregister(targetGroup, targets), deps);
  deps.logger.info(`deregistered ${targets.map((t) => t.id).join(', ')}: the load balancer sends them no new requests`);
}

/**
 * Lets in-flight requests finish: the load balancer drains a target only after it is
 * deregistered, for the target group's deregistration delay (seed defect 6 terminated
 * without either). Bounded by `timeoutMs`; a timeout or an interrupt cuts the drain short
 * (the new fleet is already serving) and returns what happened.
 */
export async function waitForDrain(
  targetGroup: string,
  targets: Target[],
  timeoutMs: number,
  deps: RolloverDeps,
): Promise<'drained' | 'timed-out' | 'interrupted'> {
  if (targets.length === 0) return 'drained';
  const t0 = deps.clock.now();
  deps.logger.info(`draining ${targets.length} target(s), waiting at most ${formatDuration(timeoutMs)}`);
  try {
    await deps.loadBalancer.waitUntilDeregistered(targetGroup, targets, { timeoutMs, signal: deps.signal });
    deps.logger.info(`drained after ${formatDuration(deps.clock.now() - t0)}`);
    return 'drained';
  } catch (err) {
    if (err instanceof WaitTimeoutError) {
      deps.logger.warn(`draining did not finish within ${formatDuration(timeoutMs)}; terminating anyway (long requests may be cut)`);
      return 'timed-out';
    }
    if (deps.signal?.aborted || err instanceof InterruptedError) {
      deps.logger.warn('interrupted while draining: the new release already serves all traffic; cutting the drain short and terminating the old instances now');
      return 'interrupted';
    }
    throw err;
  }
}
