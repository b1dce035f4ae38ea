import { InterruptedError, WaitTimeoutError, formatDuration } from '../log/errors';
import type { Target } from '../ports/load-balancer';
import { pollUntil, throwIfAborted } from '../wait/poll-until';
import { mutateConverged } from '../wait/retry';
import { requireAllHealthy } from './gate-on-health';
import type { RolloverRun } from './rollover-types';
import { TAG } from './tags';
import { isAttached, readHealth } from './target-health';

export type DrainOutcome = 'drained' | 'timed-out' | 'interrupted';

/**
 * The switch: the old targets stop receiving new requests. Only while every new target is
 * healthy (read back just before), so the last healthy targets are never deregistered.
 */
export async function deregisterOld(run: RolloverRun, old: Target[], keepServing: Target[]): Promise<void> {
  // Last chance to roll back with the old fleet untouched.
  throwIfAborted(run.deps.signal);
  if (old.length === 0) {
    run.deps.logger.info('no old fleet to deregister');
    return;
  }
  await requireAllHealthy(run, keepServing, 'just before the switch');
  // Journal first: if this process dies from here on, the next run knows which fleet to put back.
  const ids = old.map((t) => t.id);
  const id = run.settings.rolloverId;
  await mutateConverged(
    `tag ${ids.join(', ')} ${TAG.retiring}=${id}`,
    () => run.deps.compute.tag(ids, { [TAG.retiring]: id }),
    async () => (await run.deps.compute.describeInstances(ids)).every((i) => i.tags[TAG.retiring] === id),
    run.retry,
    { deadlineAt: run.callDeadline() },
  );
  await mutateConverged(
    `deregister ${old.map((t) => t.id).join(', ')}`,
    () => run.deps.loadBalancer.deregister(run.config.targetGroupArn, old),
    async () => !(await run.deps.loadBalancer.targetHealth(run.config.targetGroupArn, old)).some(isAttached),
    run.retry,
    { deadlineAt: run.callDeadline() },
  );
  run.deps.logger.info(`deregistered ${old.map((t) => t.id).join(', ')}: the load balancer sends them no new requests`);
}

/**
 * Lets in-flight requests finish: the load balancer drains a target only after it is
 * deregistered, for the target group's deregistration delay (seed defect 6 terminated
 * without either). Meanwhile the new targets are watched: one turning unhealthy throws, and
 * the roll-back re-registers the old fleet, which is still running. A timeout or an interrupt
 * cuts the drain short (the new fleet already serves) and returns what happened.
 */
export async function drainWatching(run: RolloverRun, old: Target[], watch: Target[], timeoutMs: number): Promise<DrainOutcome> {
  const { clock, logger } = run.deps;
  if (old.length === 0) return 'drained';
  const t0 = clock.now();
  const until = t0 + timeoutMs;
  logger.info(`draining ${old.length} target(s), waiting at most ${formatDuration(timeoutMs)}; watching the new target(s) meanwhile`);
  try {
    await pollUntil({
      what: `${old.length} old target(s) to drain`,
      timeoutMs,
      intervalMs: run.pollMs,
      clock,
      signal: run.deps.signal,
      heartbeat: { beat: (stamp) => logger.info(`[${stamp}] still draining; the new target(s) are healthy`) },
      check: async () => {
        await run.retry.keepAlive?.();
        await requireAllHealthy(run, watch, 'while the old fleet was draining', until);
        return (await readHealth(run, old, until)).every((h) => h.state === 'unused');
      },
    });
    logger.info(`drained after ${formatDuration(clock.now() - t0)}`);
    return 'drained';
  } catch (err) {
    if (err instanceof WaitTimeoutError) {
      logger.warn(`draining did not finish within ${formatDuration(timeoutMs)}; terminating anyway (long requests may be cut)`);
      return 'timed-out';
    }
    if (run.deps.signal?.aborted && (err instanceof InterruptedError || err === run.deps.signal.reason)) {
      logger.warn('interrupted while draining: the new release already serves all traffic; cutting the drain short and terminating the old instances now');
      return 'interrupted';
    }
    throw err;
  }
}
