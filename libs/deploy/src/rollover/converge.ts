import { DeployError, WaitTimeoutError, formatDuration } from '../log/errors';
import type { Instance } from '../ports/compute';
import type { Target } from '../ports/load-balancer';
import { pollUntil, stillWaiting } from '../wait/poll-until';
import { mutateConverged, retryTransient } from '../wait/retry';
import { printConsoleTail } from './console-tail';
import { requireAllHealthy } from './gate-on-health';
import { clearJournal } from './journal';
import type { RolloverRun } from './rollover-types';
import { TAG } from './tags';
import { isAttached, label, readHealth, targetsOf } from './target-health';

/**
 * The roll-back and repair actions. None trusts what the rollover believes: each reads the
 * real state first and acts to reach its goal — "old fleet registered and healthy, new
 * instances gone" — so a lost response, a half-done step or a second run is harmless. None
 * listens to the interrupt signal: they run after one, and every wait is bounded.
 */

const CONSOLE_TAILS = 3;
/** Bound on letting a new target that briefly served finish its requests. */
const ROLLBACK_DRAIN_MS = 120_000;
const GONE = ['shutting-down', 'terminated'];

/** Re-registers every old target that is no longer registered and waits until the old fleet is healthy. */
export async function restoreOld(run: RolloverRun, targets: Target[] | undefined, timeoutMs: number): Promise<void> {
  const { logger } = run.deps;
  if (!targets || targets.length === 0) {
    logger.info('there was no old fleet: nothing to restore');
    return;
  }
  const live = new Set((await describe(run, targets.map((t) => t.id))).filter((i) => !GONE.includes(i.state)).map((i) => i.id));
  const restorable = targets.filter((t) => live.has(t.id));
  if (restorable.length === 0) {
    throw new DeployError(`The old fleet (${targets.map((t) => t.id).join(', ')}) is gone: there is nothing to roll back to, so the new instance(s) keep serving.`);
  }
  const health = await readHealth(run, restorable);
  const detached = restorable.filter((t) => !isAttached(health.find((h) => h.id === t.id) ?? { ...t, state: 'unused' }));
  if (detached.length > 0) {
    logger.info(`re-registering the old fleet: ${detached.map((t) => `${t.id}:${t.port} (${label(health.find((h) => h.id === t.id) ?? { ...t, state: 'unused' })})`).join(', ')}`);
    await mutateConverged(
      `register ${detached.map((t) => t.id).join(', ')}`,
      () => run.deps.loadBalancer.register(run.config.targetGroupArn, detached),
      async () => (await run.deps.loadBalancer.targetHealth(run.config.targetGroupArn, detached)).every(isAttached),
      run.retry,
      { deadlineAt: run.callDeadline() },
    );
  } else {
    logger.info(`the old fleet is still registered: ${restorable.map((t) => t.id).join(', ')}`);
  }
  let healthy: string[] = [];
  let waiting = '';
  const until = run.deps.clock.now() + timeoutMs;
  try {
    await pollUntil({
      what: () => `the old fleet to be healthy again (${waiting})`,
      timeoutMs,
      intervalMs: run.pollMs,
      clock: run.deps.clock,
      heartbeat: stillWaiting(logger, () => waiting),
      check: async (stamp) => {
        await run.retry.keepAlive?.();
        const now = await readHealth(run, restorable, until);
        healthy = now.filter((h) => h.state === 'healthy').map((h) => h.id);
        waiting = now.filter((h) => h.state !== 'healthy').map((h) => `${h.id} ${label(h)}`).join('; ');
        if (!waiting) logger.info(`[${stamp}] old fleet healthy: ${healthy.join(', ')}`);
        return !waiting;
      },
    });
  } catch (err) {
    if (!(err instanceof WaitTimeoutError) || healthy.length === 0) {
      throw new DeployError(`The old fleet did not become healthy again: ${(err as Error).message}. The new instance(s) keep serving.`, { cause: err });
    }
    logger.warn(`only part of the old fleet is healthy after ${formatDuration(timeoutMs)} (${healthy.join(', ')}); going on with it`);
  }
}

/** Deregisters the new targets — never while they are the only healthy ones — and lets those that served drain (bounded). */
export async function deregisterNew(run: RolloverRun, args: { rolloverId: string; instances?: string[] }): Promise<void> {
  const { logger } = run.deps;
  const newIds = await newInstanceIds(run, args.rolloverId, args.instances);
  const all = await readHealth(run);
  const mine = all.filter((h) => newIds.includes(h.id) && isAttached(h));
  if (mine.length === 0) {
    logger.info(newIds.length ? `the new target(s) are not registered: ${newIds.join(', ')}` : 'no new target to deregister');
    return;
  }
  const othersHealthy = all.filter((h) => !newIds.includes(h.id) && h.state === 'healthy');
  const servedByNew = mine.filter((h) => h.state === 'healthy');
  if (othersHealthy.length === 0 && servedByNew.length > 0) {
    throw new DeployError(`Not deregistering ${servedByNew.map((h) => h.id).join(', ')}: they are the only healthy targets, so the new release keeps serving.`, {
      hint: 'The old fleet is not healthy. Check it, then deploy again.',
    });
  }
  const targets: Target[] = mine.map(({ id, port }) => ({ id, port }));
  await mutateConverged(
    `deregister ${targets.map((t) => t.id).join(', ')}`,
    () => run.deps.loadBalancer.deregister(run.config.targetGroupArn, targets),
    async () => !(await run.deps.loadBalancer.targetHealth(run.config.targetGroupArn, targets)).some(isAttached),
    run.retry,
    { deadlineAt: run.callDeadline() },
  );
  logger.info(`deregistered ${targets.map((t) => t.id).join(', ')}; ${othersHealthy.length} other healthy target(s) serve`);
  // A target that was healthy received requests: let them finish before it goes away.
  if (servedByNew.length > 0) await waitUntilGone(run, servedByNew, Math.min(run.drainTimeoutMs, ROLLBACK_DRAIN_MS));
}

/** Terminates the new instances (found by the rollover id too: a launch whose answer was lost still tagged them). */
export async function removeNew(run: RolloverRun, args: { rolloverId: string; instances?: string[]; keepFailed: boolean; printConsole: boolean }): Promise<string[]> {
  const { logger, compute } = run.deps;
  const found = await retryTransient('find the new instances', () => compute.findInstances({ tags: { [TAG.rolloverId]: args.rolloverId } }), run.retry, { deadlineAt: run.callDeadline() });
  const known = await describe(run, args.instances ?? []);
  const live = [...new Map([...found, ...known].filter((i) => !GONE.includes(i.state)).map((i) => [i.id, i])).values()];
  if (live.length === 0) {
    logger.info('no new instance is running: nothing to remove');
    return [];
  }
  const ids = live.map((i) => i.id);
  if (args.printConsole) for (const id of ids.slice(0, CONSOLE_TAILS)) await printConsoleTail(id, run.deps);
  const attached = (await readHealth(run, targetsOf(ids, run.config.port))).filter(isAttached);
  if (attached.length > 0) {
    throw new DeployError(`Not terminating ${attached.map((h) => h.id).join(', ')}: still registered in the target group (${attached.map(label).join(', ')}).`);
  }
  if (args.keepFailed) {
    const env = `${run.config.environment}-failed`;
    await mutateConverged(`retag ${ids.join(', ')}`, () => compute.tag(ids, { [TAG.environment]: env }), async () => (await compute.describeInstances(ids)).every((i) => i.tags[TAG.environment] === env), run.retry, { deadlineAt: run.callDeadline() });
    if (args.rolloverId === run.settings.rolloverId) run.journal.close();
    await clearJournal(args.rolloverId, ids, { clock: run.deps.clock, logger, random: run.deps.random, compute }, run.callDeadline());
    logger.warn(
      `--keep-failed: left ${ids.join(', ')} running for debugging, deregistered and retagged environment=${env}. ` +
        `Terminate when done: aws ec2 terminate-instances --region ${run.config.region} --instance-ids ${ids.join(' ')}`,
    );
    return [];
  }
  await terminate(run, ids, 'rolled back');
  return ids;
}

/** Repair of a dead rollover that had switched: the old fleet goes (deregistered, drained briefly, terminated) while the new one serves. */
export async function retireOld(run: RolloverRun, args: { instances: string[]; keepServing: Target[] }): Promise<string[]> {
  const { logger } = run.deps;
  const live = (await describe(run, args.instances)).filter((i) => !GONE.includes(i.state)).map((i) => i.id);
  if (live.length === 0) {
    logger.info('the old fleet is already gone');
    return [];
  }
  await requireAllHealthy(run, args.keepServing, 'before retiring the old fleet');
  const attached = (await readHealth(run)).filter((h) => live.includes(h.id) && isAttached(h));
  if (attached.length > 0) {
    const targets = attached.map(({ id, port }) => ({ id, port }));
    await mutateConverged(
      `deregister ${targets.map((t) => t.id).join(', ')}`,
      () => run.deps.loadBalancer.deregister(run.config.targetGroupArn, targets),
      async () => !(await run.deps.loadBalancer.targetHealth(run.config.targetGroupArn, targets)).some(isAttached),
      run.retry,
      { deadlineAt: run.callDeadline() },
    );
    await waitUntilGone(run, targets, Math.min(run.drainTimeoutMs, ROLLBACK_DRAIN_MS));
  }
  await terminate(run, live, 'replaced by the repaired rollover');
  return live;
}

/** Terminates instances and reads their state back until AWS shows them shutting down. */
export async function terminate(run: RolloverRun, ids: string[], why: string): Promise<void> {
  if (ids.length === 0) return;
  await mutateConverged(
    `terminate ${ids.join(', ')}`,
    () => run.deps.compute.terminate(ids),
    async () => (await run.deps.compute.describeInstances(ids)).every((i) => GONE.includes(i.state)),
    run.retry,
    { deadlineAt: run.callDeadline() },
  );
  run.deps.logger.info(`terminated ${ids.join(', ')} (${why})`);
}

/** The new instances: the ids we know plus any the journal tags name (a launch whose answer was lost). */
async function newInstanceIds(run: RolloverRun, rolloverId: string, ids: string[] | undefined): Promise<string[]> {
  const found = await retryTransient('find the new instances', () => run.deps.compute.findInstances({ tags: { [TAG.rolloverId]: rolloverId } }), run.retry, { deadlineAt: run.callDeadline() });
  return [...new Set([...(ids ?? []), ...found.map((i) => i.id)])];
}

function describe(run: RolloverRun, ids: string[]): Promise<Instance[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return retryTransient('describe instances', () => run.deps.compute.describeInstances(ids), run.retry, { deadlineAt: run.callDeadline() });
}

async function waitUntilGone(run: RolloverRun, targets: Target[], timeoutMs: number): Promise<void> {
  const until = run.deps.clock.now() + timeoutMs;
  try {
    await pollUntil({
      what: `${targets.map((t) => t.id).join(', ')} to finish draining`,
      timeoutMs,
      intervalMs: run.pollMs,
      clock: run.deps.clock,
      check: async () => {
        await run.retry.keepAlive?.();
        return (await readHealth(run, targets, until)).every((h) => h.state === 'unused');
      },
    });
  } catch {
    run.deps.logger.warn(`${targets.map((t) => t.id).join(', ')} did not finish draining within ${formatDuration(timeoutMs)}; going on`);
  }
}
