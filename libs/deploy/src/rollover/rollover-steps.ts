import type { StepHandlers } from '../plan/apply-plan';
import type { StepArgs } from '../plan/plan';
import type { Target } from '../ports/load-balancer';
import { throwIfAborted } from '../wait/poll-until';
import { deregisterNew, removeNew, restoreOld, retireOld, terminate } from './converge';
import { discoverFleet } from './discover';
import { deregisterOld, drainWatching } from './drain';
import { registerTargets, requireAllHealthy, soak, waitUntilHealthy } from './gate-on-health';
import { clearJournal, readJournals } from './journal';
import { launchInstances, type LaunchArgs } from './launch';
import { applyParameterPlan } from '../parameters/apply-parameters';
import { instanceSettings } from '../parameters/instance-settings';
import { describeHolder, judgeRollovers, lockHeldError } from './lock';
import type { RolloverAction, RolloverStep } from './plan-rollover';
import type { RolloverRun } from './rollover-types';
import { waitUntilRunning } from './wait-running';

/** What the steps did, for the summary. */
export interface RolloverRecord {
  newIds: string[];
  terminatedIds: string[];
  drain?: 'drained' | 'timed-out' | 'interrupted';
}

/** The output of `confirm-lock`: the serving fleet as read under the lock. */
export interface ConfirmedFleet {
  oldTargets: Target[];
  oldInstanceIds: string[];
}

/**
 * One table of actions for the steps, the compensations and the repairs of a rollover:
 * `applyPlan` calls `run` for each step and `compensate` for each undo, with the arguments
 * the plan gives (earlier outputs already resolved).
 */
export function rolloverHandlers(run: RolloverRun, record: RolloverRecord): StepHandlers<RolloverStep> {
  const act = (action: RolloverAction, a: StepArgs) => runAction(run, record, action, a);
  return {
    run: (step, args) => act(step.action, args),
    compensate: async (c, args) => {
      await act(c.action as RolloverAction, args);
    },
  };
}

async function runAction(run: RolloverRun, record: RolloverRecord, action: RolloverAction, a: StepArgs): Promise<unknown> {
  const { deps, settings } = run;
  const ids = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  const targets = (v: unknown) => (Array.isArray(v) ? (v as Target[]) : []);
  switch (action) {
    case 'terminate-strays':
      throwIfAborted(deps.signal);
      await terminate(run, ids(a['instances']), 'not registered: leftover of an earlier rollover');
      record.terminatedIds.push(...ids(a['instances']));
      return undefined;
    case 'write-parameters':
      throwIfAborted(deps.signal);
      return applyParameterPlan(run.parameterPlan, instanceSettings(run.config.instanceEnvironment), { parameters: deps.parameters, logger: deps.logger });
    case 'launch': {
      throwIfAborted(deps.signal);
      const out = await launchInstances(run, a as unknown as LaunchArgs);
      record.newIds = out.instanceIds;
      return out;
    }
    case 'confirm-lock':
      return confirmLock(run, ids(a['newInstances']));
    case 'wait-running':
      return waitUntilRunning(run, ids(a['instances']), Number(a['timeoutMs']));
    case 'register':
      throwIfAborted(deps.signal);
      return registerTargets(run, targets(a['targets']));
    case 'wait-healthy':
      return waitUntilHealthy(run, targets(a['targets']), Number(a['timeoutMs']));
    case 'soak':
      return soak(run, targets(a['targets']), Number(a['soakMs']));
    case 'deregister-old':
      return deregisterOld(run, targets(a['targets']), targets(a['keepServing']));
    case 'drain':
      record.drain = await drainWatching(run, targets(a['targets']), targets(a['watch']), Number(a['timeoutMs']));
      return record.drain;
    case 'verify-new':
      return requireAllHealthy(run, targets(a['targets']), 'just before the old fleet is terminated');
    case 'terminate-old': {
      const old = ids(a['instances']);
      await terminate(run, old, `replaced by release ${run.release.gitSha.slice(0, 12)}`);
      record.terminatedIds.push(...old);
      return undefined;
    }
    case 'release-lock': {
      // Stop renewing first, or a renewal could put the lease tag back while it is being cleared.
      if (a['rolloverId'] === settings.rolloverId) run.journal.close();
      const { clock, logger, random, compute } = deps;
      return clearJournal(String(a['rolloverId']), ids(a['instances']), { clock, logger, random, compute }, run.callDeadline());
    }
    case 'remove-new': {
      const removed = await removeNew(run, { rolloverId: String(a['rolloverId']), instances: ids(a['instances']), keepFailed: Boolean(a['keepFailed']), printConsole: a['rolloverId'] === settings.rolloverId });
      record.terminatedIds.push(...removed);
      return undefined;
    }
    case 'deregister-new':
      return deregisterNew(run, { rolloverId: String(a['rolloverId']), instances: ids(a['instances']) });
    case 'restore-old':
      return restoreOld(run, targets(a['targets']), Number(a['timeoutMs']));
    case 'retire-old': {
      const retired = await retireOld(run, { instances: ids(a['instances']), keepServing: targets(a['keepServing']) });
      record.terminatedIds.push(...retired);
      return undefined;
    }
  }
}

/**
 * Taking the lock is launching instances that carry it; two rollovers can pass the first
 * check at the same moment, and one may even finish in between. So, with our instances
 * launched: if another live rollover started before ours (ties broken by id), it wins and we
 * roll back; then the serving fleet is read again, because it may no longer be the one found
 * at discovery (a rollover that finished meanwhile replaced it).
 */
async function confirmLock(run: RolloverRun, newIds: string[]): Promise<ConfirmedFleet> {
  const { deps, settings, config } = run;
  const fleet = await discoverFleet(config, { ...deps, ...run.retry }, run.callDeadline());
  if (!settings.force) {
    const now = deps.clock.now();
    const mine = settings.rolloverId;
    const started = run.journal.info.startedAt.getTime();
    const { alive } = judgeRollovers(readJournals(fleet.instances), { now, legacyTtlMs: run.legacyTtlMs, isProcessAlive: deps.isProcessAlive }, mine);
    const rivals = alive.filter((h) => h.startedAt.getTime() < started || (h.startedAt.getTime() === started && h.rolloverId < mine));
    if (rivals.length > 0) throw lockHeldError(rivals, now, config.environment);
    for (const h of alive.filter((x) => !rivals.includes(x))) deps.logger.info(`a later rollover started too and will give way: ${describeHolder(h, now)}`);
  }
  const old = fleet.current.filter((i) => !newIds.includes(i.id));
  const oldTargets = old.map((i) => ({ id: i.id, port: fleet.targets.find((t) => t.id === i.id)?.port ?? config.port }));
  deps.logger.info(`serving fleet under the lock: ${oldTargets.map((t) => `${t.id}:${t.port}`).join(', ') || 'none (first deploy)'}`);
  return { oldTargets, oldInstanceIds: old.map((i) => i.id) };
}
