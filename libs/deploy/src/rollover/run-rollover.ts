import type { ApiDeployConfig } from '@eapd/config';
import { DeployError, InterruptedError } from '../log/errors';
import { PlanStepError, applyPlan, type ApplyReport } from '../plan/apply-plan';
import { formatPlan, type Plan } from '../plan/plan';
import { discoverFleet } from './discover';
import { describeHolder, lockHeldError, rolloversInProgress } from './lock';
import { PHASE_NAMES, SWITCH_ACTIONS, planRollover, type RolloverStep } from './plan-rollover';
import { currentRelease, releaseToRollBackTo } from './previous-release';
import { withRetry } from './retry';
import { rollBackNew } from './roll-back';
import { rolloverStepHandler, type RolloverState } from './rollover-steps';
import type { Fleet, Release, RolloverDeps, RolloverSettings } from './rollover-types';
import { printSummary } from './summary';
import { planParameterChanges } from '../parameters/plan-parameters';
import { instanceSettings } from '../parameters/instance-settings';

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

/**
 * The rollover: discover → check the lock → plan → (dry run: print and stop) → launch →
 * running → register → healthy → deregister old → drain → terminate old → clear marker.
 * Any failure or interrupt before the old fleet is deregistered rolls the new instances back
 * and leaves the old fleet serving, untouched. Config must be validated by the caller.
 */
export async function runRollover(config: ApiDeployConfig, settings: RolloverSettings, deps: RolloverDeps): Promise<RolloverOutcome> {
  const { logger, clock } = deps;
  const startedAt = new Date(clock.now());
  logger.section(`Discover ${config.environment}`);
  logger.info(`rollover ${settings.rolloverId} by ${settings.holder}`);
  const fleet = await discoverFleet(config, deps);
  describeFleet(fleet, deps);

  const delayS = await withRetry('read deregistration delay', () => deps.loadBalancer.deregistrationDelaySeconds(config.targetGroupArn), deps);
  const drainTimeoutMs = settings.drainTimeoutMs ?? (delayS + 60) * 1000;
  const lockTtlMs = settings.bootTimeoutMs + settings.healthTimeoutMs + drainTimeoutMs + 10 * 60_000;
  checkLock(fleet, settings, lockTtlMs, config.environment, deps);

  const tgPort = await withRetry('read target group', () => deps.loadBalancer.targetGroupPort(config.targetGroupArn), deps);
  if (tgPort !== undefined && tgPort !== config.port) {
    logger.warn(`the target group's port is ${tgPort} but ${config.environment.toUpperCase()}_API_PORT is ${config.port}; targets are registered on ${config.port}`);
  }

  const release = settings.kind === 'rollback' ? releaseToRollBackTo(fleet, config.environment) : requireRelease(settings);
  const previous = currentRelease(fleet);
  if (settings.kind === 'rollback') logger.info(`rolling back from ${previous?.gitSha ?? 'unknown'} to ${release.gitSha}`);
  const count = settings.count ?? Math.max(1, fleet.healthyIds.length);
  const userData = await deps.renderUserData(release);
  // Compared in memory (never printed), so the plan shows which settings change before anything does.
  const stored = await withRetry('read parameters', () => deps.parameters.readPath(config.parameters.path), deps);
  const parameterPlan = planParameterChanges(config.parameters, instanceSettings(config.instanceEnvironment), stored);
  const plan = planRollover({ config, settings, release, fleet, count, userDataBytes: Buffer.byteLength(userData), deregistrationDelayS: delayS, drainTimeoutMs, parameters: parameterPlan });
  logger.section('Plan');
  logger.info(formatPlan(plan));
  const base = { plan, release, newIds: [] as string[], terminatedIds: [] as string[], rolledBack: false };
  if (settings.dryRun) {
    logger.info('\nDry run: nothing was changed.');
    return { ...base, success: true, dryRun: true };
  }

  const phaseNames = plan.steps.map((st) => PHASE_NAMES[st.action]);
  const state: RolloverState = { newIds: [], terminatedIds: [], oldDeregistered: false };
  const handle = rolloverStepHandler({ config, settings, fleet, release, previous, count, userData, startedAt, lockTtlMs, drainTimeoutMs, parameterPlan, deps, state });
  try {
    const report = await applyPlan(plan, handle, deps);
    const interrupted = state.drain === 'interrupted';
    printSummary({ ok: true, release, newIds: state.newIds, terminatedIds: state.terminatedIds, rolledBack: false, report, phaseNames, drain: state.drain }, logger);
    return {
      ...base,
      success: !interrupted,
      dryRun: false,
      newIds: state.newIds,
      terminatedIds: state.terminatedIds,
      report,
      error: interrupted ? new InterruptedError() : undefined,
    };
  } catch (err) {
    const step = err instanceof PlanStepError ? (err.step as RolloverStep) : undefined;
    const cause = (err instanceof PlanStepError ? err.cause : err) as Error;
    const report = err instanceof PlanStepError ? err.report : undefined;
    logger.error(cause.message);
    if (cause instanceof DeployError && cause.hint) logger.info(`hint: ${cause.hint}`);
    const beforeSwitch = step !== undefined && (SWITCH_ACTIONS.includes(step.action) || (step.action === 'deregister-old' && !state.oldDeregistered));
    let rolledBack = false;
    if (beforeSwitch) {
      rolledBack = await rollBackNew({ config, newIds: state.newIds, keepFailed: settings.keepFailed, drainTimeoutMs }, deps);
    } else if (step?.action !== 'terminate-strays') {
      logger.error(
        `The new release (${state.newIds.join(', ')}) serves traffic, but the old fleet was not fully retired: ` +
          `${fleet.current.map((i) => i.id).join(', ')}. Check the target group and terminate deregistered old instances by hand, ` +
          `or rerun with --force once the cause is fixed.`,
      );
    }
    if (!settings.keepFailed && rolledBack) state.terminatedIds.push(...state.newIds);
    printSummary(
      { ok: false, release, newIds: state.newIds, terminatedIds: state.terminatedIds, rolledBack, keptFailed: settings.keepFailed, report, failure: cause.message, phaseNames },
      logger,
    );
    return { ...base, success: false, dryRun: false, newIds: state.newIds, terminatedIds: state.terminatedIds, rolledBack, report, error: cause };
  }
}

function requireRelease(settings: RolloverSettings): Release {
  if (!settings.release) throw new DeployError('No release given to deploy', { hint: 'Pass --artifact-url and --artifact-sha256.' });
  return settings.release;
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

function checkLock(fleet: Fleet, settings: RolloverSettings, ttlMs: number, environment: string, deps: RolloverDeps): void {
  const now = deps.clock.now();
  const { active, stale } = rolloversInProgress(fleet.instances, now, ttlMs, settings.rolloverId);
  for (const h of stale) deps.logger.warn(`ignoring a stale rollover marker (older than ${Math.round(ttlMs / 60_000)} min): ${describeHolder(h, now)}`);
  if (active.length === 0) return;
  if (settings.force) {
    deps.logger.warn(`--force: proceeding although ${active.map((h) => describeHolder(h, now)).join('; ')}`);
    return;
  }
  if (settings.dryRun) {
    deps.logger.warn(`a real run would stop here: ${active.map((h) => describeHolder(h, now)).join('; ')}`);
    return;
  }
  throw lockHeldError(active, now, environment);
}
