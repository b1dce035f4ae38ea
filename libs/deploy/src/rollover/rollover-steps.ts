import type { ApiDeployConfig } from '@eapd/config';
import type { Target } from '../ports/load-balancer';
import { throwIfAborted } from '../wait/poll-until';
import { deregisterTargets, waitForDrain } from './drain';
import { registerTargets, waitUntilHealthy } from './gate-on-health';
import { applyParameterPlan } from '../parameters/apply-parameters';
import type { ParameterPlan } from '../parameters/plan-parameters';
import { instanceSettings } from '../parameters/instance-settings';
import { launchInstances } from './launch';
import { lockHeldError, rolloversInProgress } from './lock';
import type { RolloverStep } from './plan-rollover';
import { withRetry } from './retry';
import type { Fleet, Release, RolloverDeps, RolloverSettings } from './rollover-types';
import { MARKER_KEYS, TAG } from './tags';
import { terminateInstances } from './terminate';
import { waitUntilRunning } from './wait-running';

/** What the steps learn and change while the plan is applied. */
export interface RolloverState {
  newIds: string[];
  terminatedIds: string[];
  oldDeregistered: boolean;
  drain?: 'drained' | 'timed-out' | 'interrupted';
}

export interface StepContext {
  config: ApiDeployConfig;
  settings: RolloverSettings;
  fleet: Fleet;
  release: Release;
  previous?: Release;
  count: number;
  userData: string;
  startedAt: Date;
  lockTtlMs: number;
  drainTimeoutMs: number;
  parameterPlan: ParameterPlan;
  deps: RolloverDeps;
  state: RolloverState;
}

const POLL_MS = 10_000;

/** One handler per plan action; `applyPlan` calls it for each step in order. */
export function rolloverStepHandler(ctx: StepContext): (step: RolloverStep) => Promise<void> {
  const { config, settings, fleet, deps, state } = ctx;
  const tg = config.targetGroupArn;
  const poll = settings.pollIntervalMs ?? POLL_MS;
  const newTargets = (): Target[] => state.newIds.map((id) => ({ id, port: config.port }));
  // Old targets keep the port they were registered with.
  const oldTargets = (): Target[] =>
    fleet.current.map((i) => ({ id: i.id, port: fleet.targets.find((t) => t.id === i.id)?.port ?? config.port }));

  return async (step) => {
    switch (step.action) {
      case 'terminate-strays':
        throwIfAborted(deps.signal);
        return terminateInstances(fleet.strays.map((i) => i.id), 'not registered: leftover of an earlier rollover', deps);
      case 'write-parameters':
        throwIfAborted(deps.signal);
        return applyParameterPlan(ctx.parameterPlan, instanceSettings(config.instanceEnvironment), deps);
      case 'launch': {
        throwIfAborted(deps.signal);
        const launched = await launchInstances(ctx, deps);
        state.newIds = launched.map((i) => i.id);
        await checkNoRivalStarted(ctx);
        return;
      }
      case 'wait-running':
        return waitUntilRunning(state.newIds, settings.bootTimeoutMs, poll, deps);
      case 'register':
        throwIfAborted(deps.signal);
        return registerTargets(tg, newTargets(), deps);
      case 'wait-healthy':
        return waitUntilHealthy(tg, newTargets(), settings.healthTimeoutMs, poll, deps);
      case 'deregister-old':
        // Last chance to roll back with the old fleet untouched.
        throwIfAborted(deps.signal);
        await deregisterTargets(tg, oldTargets(), deps);
        state.oldDeregistered = true;
        return;
      case 'drain':
        state.drain = await waitForDrain(tg, oldTargets(), ctx.drainTimeoutMs, deps);
        return;
      case 'terminate-old': {
        const ids = fleet.current.map((i) => i.id);
        await terminateInstances(ids, `replaced by release ${ctx.release.gitSha.slice(0, 12)}`, deps);
        state.terminatedIds.push(...ids);
        return;
      }
      case 'clear-marker':
        await withRetry('clear rollover marker', () => deps.compute.untag(state.newIds, MARKER_KEYS), deps);
        deps.logger.info(`cleared ${TAG.inProgress} on ${state.newIds.join(', ')}`);
        return;
    }
  };
}

/**
 * Two rollovers can pass the lock check at the same moment. After launching, look again:
 * if another one's marker is older than ours (ties broken by id), it wins and we roll back.
 */
async function checkNoRivalStarted(ctx: StepContext): Promise<void> {
  if (ctx.settings.force) return;
  const { deps, config, settings } = ctx;
  const instances = await withRetry('find instances', () => deps.compute.findInstances({ tags: { [TAG.environment]: config.environment } }), deps);
  const mine = ctx.startedAt.getTime();
  const rivals = rolloversInProgress(instances, deps.clock.now(), ctx.lockTtlMs, settings.rolloverId).active.filter(
    (h) => h.startedAt.getTime() < mine || (h.startedAt.getTime() === mine && h.rolloverId < settings.rolloverId),
  );
  if (rivals.length > 0) throw lockHeldError(rivals, deps.clock.now(), config.environment);
}
