import type { ApiDeployConfig } from '@eapd/config';
import { DeployError, InterruptedError } from '../log/errors';
import { PlanStepError, applyPlan, type ApplyReport } from '../plan/apply-plan';
import { formatPlan, type Plan } from '../plan/plan';
import { retryTransient, type RetryDeps } from '../wait/retry';
import { discoverFleet } from './discover';
import { Journal } from './journal';
import { describeHolder, judgeRollovers, lockHeldError, type JudgedRollover } from './lock';
import { planRollover, type RolloverStep } from './plan-rollover';
import { repairDirection } from './plan-repair';
import { currentRelease, releaseToRollBackTo } from './previous-release';
import { rolloverHandlers, type RolloverRecord } from './rollover-steps';
import type { Fleet, Release, RolloverDeps, RolloverRun, RolloverSettings } from './rollover-types';
import { printSummary } from './summary';
import { planParameterChanges } from '../parameters/plan-parameters';
import { instanceSettings } from '../parameters/instance-settings';
import { assertUserDataSize } from '../startup/user-data';

export interface RolloverOutcome {
  success: boolean;
  dryRun: boolean;
  plan: Plan<RolloverStep>;
  release: Release;
  newIds: string[];
  terminatedIds: string[];
  rolledBack: boolean;
  report?: ApplyReport;
  error?: Error;
}

const DEFAULTS = { pollIntervalMs: 10_000, soakMs: 60_000, callTimeoutMs: 120_000, leaseMs: 5 * 60_000 };

/**
 * The rollover: discover → judge other rollovers (a live one holds the lock, a dead one is
 * repaired first) → plan → (dry run: print and stop) → apply: launch (taking the lock) →
 * confirm the lock and re-read the serving fleet → running → register → healthy → soak →
 * switch (deregister old) → drain, watching the new targets → verify → terminate old →
 * release the lock. Until the old fleet is terminated, any failure or interrupt runs the
 * plan's undos, which converge on "old fleet registered and healthy, new instances gone".
 * Config must be validated by the caller.
 */
export async function runRollover(config: ApiDeployConfig, settings: RolloverSettings, deps: RolloverDeps): Promise<RolloverOutcome> {
  const { logger, clock } = deps;
  const startedAt = new Date(clock.now());
  const callTimeoutMs = settings.callTimeoutMs ?? DEFAULTS.callTimeoutMs;
  const soakMs = settings.soakMs ?? DEFAULTS.soakMs;
  const reads: RetryDeps = { clock, logger, random: deps.random };
  const deadline = () => clock.now() + callTimeoutMs;

  logger.section(`Discover ${config.environment}`);
  logger.info(`rollover ${settings.rolloverId} by ${settings.holder}`);
  const fleet = await discoverFleet(config, { ...deps, ...reads }, deadline());
  describeFleet(fleet, deps);

  const delayS = await retryTransient('read deregistration delay', () => deps.loadBalancer.deregistrationDelaySeconds(config.targetGroupArn), reads, { deadlineAt: deadline() });
  const drainTimeoutMs = settings.drainTimeoutMs ?? (delayS + 60) * 1000;
  const legacyTtlMs = settings.bootTimeoutMs + settings.healthTimeoutMs + soakMs + drainTimeoutMs + 10 * 60_000;
  const judged = judgeRollovers(fleet.rollovers, { now: clock.now(), legacyTtlMs, isProcessAlive: deps.isProcessAlive }, settings.rolloverId);
  checkLock(judged.alive, settings, config.environment, deps);
  // --force treats a rollover that looks alive as dead: it is repaired like one.
  const dead = settings.force ? [...judged.dead, ...judged.alive.map((r) => ({ ...r, why: '--force' }))] : judged.dead;
  for (const r of dead) logger.warn(`found a dead rollover, repaired first: ${describeHolder(r, clock.now())}`);

  const tgPort = await retryTransient('read target group', () => deps.loadBalancer.targetGroupPort(config.targetGroupArn), reads, { deadlineAt: deadline() });
  if (tgPort !== undefined && tgPort !== config.port) {
    logger.warn(`the target group's port is ${tgPort} but ${config.environment.toUpperCase()}_API_PORT is ${config.port}; targets are registered on ${config.port}`);
  }

  const release = settings.kind === 'rollback' ? releaseToRollBackTo(fleet, config.environment) : requireRelease(settings);
  const previous = currentRelease(fleet);
  if (settings.kind === 'rollback') logger.info(`rolling back from ${previous?.gitSha ?? 'unknown'} to ${release.gitSha}`);
  const count = settings.count ?? Math.max(1, healthyAfterRepair(fleet, dead));
  const userData = await deps.renderUserData(release);
  // Refused here, before the plan writes parameters or launches anything.
  const userDataBytes = assertUserDataSize(userData);
  // Compared in memory (never printed), so the plan shows which settings change before anything does.
  const stored = await retryTransient('read parameters', () => deps.parameters.readPath(config.parameters.path), reads, { deadlineAt: deadline() });
  const parameterPlan = planParameterChanges(config.parameters, instanceSettings(config.instanceEnvironment), stored);
  const plan = planRollover({ config, settings, release, fleet, dead, count, userDataBytes, deregistrationDelayS: delayS, drainTimeoutMs, soakMs, parameters: parameterPlan });
  logger.section('Plan');
  logger.info(formatPlan(plan));
  const base = { plan, release, newIds: [] as string[], terminatedIds: [] as string[], rolledBack: false };
  if (settings.dryRun) {
    logger.info('\nDry run: nothing was changed.');
    return { ...base, success: true, dryRun: true };
  }

  const journal = new Journal(
    { compute: deps.compute, clock, logger, random: deps.random },
    { rolloverId: settings.rolloverId, holder: settings.holder, startedAt, leaseMs: settings.leaseMs ?? DEFAULTS.leaseMs, processId: deps.processId, callTimeoutMs },
  );
  const run: RolloverRun = {
    config, settings, deps, journal, release, previous, userData, parameterPlan, drainTimeoutMs, legacyTtlMs,
    retry: { ...reads, keepAlive: () => journal.keepAlive() },
    pollMs: settings.pollIntervalMs ?? DEFAULTS.pollIntervalMs,
    callDeadline: deadline,
  };
  const record: RolloverRecord = { newIds: [], terminatedIds: [] };
  const hooks = {
    beforeStep: (step: RolloverStep) => (step.action === 'release-lock' || step.id.startsWith('repair-') ? undefined : journal.record(step.id)),
    beforeCompensations: () => journal.record('rolling-back'),
  };
  try {
    const report = await applyPlan(plan, rolloverHandlers(run, record), { logger, clock, hooks });
    const interrupted = record.drain === 'interrupted';
    printSummary({ ok: true, release, newIds: record.newIds, terminatedIds: record.terminatedIds, rolledBack: false, report, drain: record.drain }, logger);
    const reason = deps.signal?.reason instanceof Error ? deps.signal.reason : new InterruptedError();
    if (interrupted) logger.error(`Rollover interrupted: ${reason.message} — the switch was done: the new release serves, the old fleet was terminated without waiting for its drain`);
    return { ...base, success: !interrupted, dryRun: false, newIds: record.newIds, terminatedIds: record.terminatedIds, report, error: interrupted ? reason : undefined };
  } catch (err) {
    if (!(err instanceof PlanStepError)) throw err;
    const cause = (err.cause instanceof Error ? err.cause : new Error(String(err.cause))) as Error;
    const rolledBack = err.compensated && err.report.compensations.length > 0;
    const afterSwitch = plan.steps.findIndex((s) => s.id === err.step.id) >= plan.steps.findIndex((s) => s.pointOfNoReturn);
    printSummary(
      {
        ok: false,
        release,
        newIds: record.newIds,
        terminatedIds: record.terminatedIds,
        rolledBack,
        keptFailed: settings.keepFailed,
        report: err.report,
        failure: cause.message,
        failedStep: err.step.id,
        outcome: outcomeLine(err, rolledBack, afterSwitch, record),
      },
      logger,
    );
    return { ...base, success: false, dryRun: false, newIds: record.newIds, terminatedIds: record.terminatedIds, rolledBack, report: err.report, error: cause };
  }
}

/** One sentence for the end of a failed run: where things stand now. */
function outcomeLine(err: PlanStepError, rolledBack: boolean, afterSwitch: boolean, record: RolloverRecord): string {
  if (rolledBack) return 'rolled back: the old fleet is registered and serving, the new instance(s) are gone';
  const failedUndo = err.report.compensations.find((c) => !c.ok);
  if (failedUndo) {
    return `ROLL-BACK INCOMPLETE at "${failedUndo.summary}": ${failedUndo.error?.message ?? 'failed'}. No healthy target was removed; the next api:deploy or api:rollback repairs the rest`;
  }
  if (err.step.id === 'release-lock') {
    return 'the rollover itself is done, but its lock tags could not be cleared; once its lease runs out the next deploy clears them (no --force needed)';
  }
  if (afterSwitch) {
    return `the new release (${record.newIds.join(', ')}) serves; the old instances that could not be terminated are deregistered and are terminated by the next deploy`;
  }
  if (record.newIds.length === 0) return 'nothing was changed before the failure';
  return 'the rollover lock was released; the next deploy repairs what is left';
}

function requireRelease(settings: RolloverSettings): Release {
  if (!settings.release) throw new DeployError('No release given to deploy', { hint: 'Pass --artifact-url and --artifact-sha256.' });
  return settings.release;
}

/** Healthy serving instances once dead rollovers that are rolled back lose theirs: the size the new fleet matches. */
function healthyAfterRepair(fleet: Fleet, dead: JudgedRollover[]): number {
  const goingAway = new Set(dead.filter((r) => repairDirection(r, fleet) === 'roll-back').flatMap((r) => r.instanceIds));
  const finishing = new Set(dead.filter((r) => repairDirection(r, fleet) === 'finish').flatMap((r) => r.retiringIds));
  return fleet.healthyIds.filter((id) => !goingAway.has(id) && !finishing.has(id)).length;
}

function describeFleet(fleet: Fleet, deps: RolloverDeps): void {
  const { logger } = deps;
  if (fleet.current.length === 0) logger.info('no instance is serving yet: this is a first deploy');
  for (const i of fleet.current) {
    const t = fleet.targets.find((x) => x.id === i.id);
    logger.info(`serving: ${i.id} ${i.state}, target ${t?.state ?? '?'}${t?.reason ? ` (${t.reason})` : ''}, release ${i.tags['release'] ?? 'unknown'}`);
  }
  for (const i of fleet.strays) logger.warn(`${i.id} is ${i.state} in this environment but not registered in the target group`);
}

function checkLock(alive: JudgedRollover[], settings: RolloverSettings, environment: string, deps: RolloverDeps): void {
  if (alive.length === 0) return;
  const now = deps.clock.now();
  if (settings.force) {
    deps.logger.warn(`--force: proceeding although ${alive.map((h) => describeHolder(h, now)).join('; ')}`);
    return;
  }
  if (settings.dryRun) {
    deps.logger.warn(`a real run would stop here: ${alive.map((h) => describeHolder(h, now)).join('; ')}`);
    return;
  }
  throw lockHeldError(alive, now, environment);
}
