import type { Target, TargetHealth, TargetState } from '../ports/load-balancer';
import { retryTransient } from '../wait/retry';
import type { RolloverRun } from './rollover-types';

/** States in which the load balancer sends (or is about to send) a target new requests. */
const ATTACHED: TargetState[] = ['initial', 'healthy', 'unhealthy', 'unavailable'];

export function isAttached(h: TargetHealth): boolean {
  return ATTACHED.includes(h.state);
}

/** Target health read back from AWS, retried until `deadlineAt` (default: the call deadline). */
export function readHealth(run: RolloverRun, targets?: Target[], deadlineAt = run.callDeadline()): Promise<TargetHealth[]> {
  if (targets && targets.length === 0) return Promise.resolve([]);
  return retryTransient('read target health', () => run.deps.loadBalancer.targetHealth(run.config.targetGroupArn, targets), run.retry, { deadlineAt });
}

export function label(h: TargetHealth): string {
  return h.reason ? `${h.state} (${h.reason}${h.description ? `: ${h.description}` : ''})` : h.state;
}

export const targetsOf = (ids: readonly string[], port: number): Target[] => ids.map((id) => ({ id, port }));
