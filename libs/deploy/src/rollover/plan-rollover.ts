import type { ApiDeployConfig } from '@eapd/config';
import { formatDuration } from '../log/errors';
import type { Plan, PlanStep } from '../plan/plan';
import { describeParameterPlan, hasChanges, type ParameterPlan } from '../parameters/plan-parameters';
import type { Fleet, Release, RolloverSettings } from './rollover-types';

export type RolloverAction =
  | 'terminate-strays'
  | 'write-parameters'
  | 'launch'
  | 'wait-running'
  | 'register'
  | 'wait-healthy'
  | 'deregister-old'
  | 'drain'
  | 'terminate-old'
  | 'clear-marker';

export interface RolloverStep extends PlanStep {
  action: RolloverAction;
}

/** Short names for the summary's per-phase timings. */
export const PHASE_NAMES: Record<RolloverAction, string> = {
  'terminate-strays': 'clean up strays',
  'write-parameters': 'parameters',
  launch: 'launch',
  'wait-running': 'boot + status checks',
  register: 'register',
  'wait-healthy': 'health checks',
  'deregister-old': 'deregister old',
  drain: 'drain',
  'terminate-old': 'terminate old',
  'clear-marker': 'clear marker',
};

/** A failure at one of these rolls back the new instances (if any); the old fleet keeps serving. */
export const SWITCH_ACTIONS: RolloverAction[] = ['write-parameters', 'launch', 'wait-running', 'register', 'wait-healthy'];

export interface RolloverPlanInput {
  config: ApiDeployConfig;
  settings: RolloverSettings;
  release: Release;
  fleet: Fleet;
  count: number;
  userDataBytes: number;
  deregistrationDelayS: number;
  drainTimeoutMs: number;
  /** What writing the instance settings to Parameter Store changes (names and actions only). */
  parameters: ParameterPlan;
}

const short = (sha: string) => sha.slice(0, 12);

/** The rollover as plain data: what `--dry-run` prints and `applyPlan` carries out. */
export function planRollover(input: RolloverPlanInput): Plan<RolloverStep> {
  const { config, settings, release, fleet, count } = input;
  const old = fleet.current.map((i) => i.id);
  const steps: RolloverStep[] = [];
  if (fleet.strays.length > 0) {
    steps.push({
      action: 'terminate-strays',
      summary: `Terminate ${fleet.strays.length} stray instance(s): running in ${config.environment} but not registered`,
      details: fleet.strays.map((i) => `${i.id} (${i.state}, launched ${i.launchedAt.toISOString()}, release ${i.tags['release'] ?? 'unknown'})`),
      mutating: true,
    });
  }
  // Before the launch: a new instance reads its settings at boot. Old instances read theirs when
  // they booted, so new values never reach the serving fleet (no compensation needed).
  const parameters = describeParameterPlan(input.parameters);
  steps.push({ action: 'write-parameters', summary: parameters.summary, details: parameters.details, mutating: hasChanges(input.parameters) });
  steps.push(
    {
      action: 'launch',
      summary: `Launch ${count} × ${settings.instanceType} from ${config.ami} with release ${short(release.gitSha)}`,
      details: [
        `subnet ${config.subnet}, security group ${config.securityGroup}`,
        `artifact ${release.artifactUrl}`,
        `artifact sha256 ${release.artifactSha256}`,
        `instance profile ${'arn' in config.instanceProfile ? config.instanceProfile.arn : config.instanceProfile.name}, IMDSv2 only (hop limit 1)`,
        `user data ${input.userDataBytes} bytes (startup script; settings by reference: ${config.parameters.path}/), client token ${settings.rolloverId}`,
      ],
      mutating: true,
    },
    {
      action: 'wait-running',
      summary: `Wait until running and both status checks pass (at most ${formatDuration(settings.bootTimeoutMs)})`,
      mutating: false,
    },
    {
      action: 'register',
      summary: `Register the new instance(s) on the target group, port ${config.port}`,
      details: [config.targetGroupArn],
      mutating: true,
    },
    {
      action: 'wait-healthy',
      summary: `Wait until all ${count} new target(s) are healthy (at most ${formatDuration(settings.healthTimeoutMs)}); on failure roll back`,
      mutating: false,
    },
  );
  if (old.length > 0) {
    steps.push(
      { action: 'deregister-old', summary: `Deregister ${old.length} old instance(s)`, details: old, mutating: true },
      {
        action: 'drain',
        summary: `Wait for draining (deregistration delay ${input.deregistrationDelayS} s, at most ${formatDuration(input.drainTimeoutMs)})`,
        mutating: false,
      },
      { action: 'terminate-old', summary: `Terminate ${old.length} old instance(s)`, details: old, mutating: true },
    );
  }
  steps.push({ action: 'clear-marker', summary: 'Clear the rollover marker on the new instance(s)', mutating: true });

  const healthy = fleet.healthyIds.length;
  const currentRelease = [...new Set(fleet.current.map((i) => i.tags['release'] ?? 'unknown'))].join(', ') || 'none';
  const facts: Array<[string, string]> = [
    ['operation', settings.kind === 'rollback' ? 'roll back to the previous release' : 'deploy a new release'],
    ['release', `${release.gitSha} (artifact sha256 ${release.artifactSha256.slice(0, 16)}…)`],
    ['serving now', `${fleet.current.length} instance(s), ${healthy} healthy, release ${currentRelease}`],
    ['new fleet', `${count} instance(s)`],
    ['target group', `${config.targetGroupArn} (port ${config.port})`],
  ];
  if (settings.kind === 'rollback') {
    // Migrations only go forward: say so before anyone relies on a rollback to undo a schema change.
    facts.push(['database', 'not rolled back: the previous release runs against the current schema (its startup runs migrations to latest)']);
  }
  if (fleet.foreignTargets.length > 0) {
    facts.push(['left alone', `${fleet.foreignTargets.length} target(s) not tagged environment=${config.environment}: ${fleet.foreignTargets.map((t) => t.id).join(', ')}`]);
  }
  return { operation: settings.kind === 'rollback' ? 'Backend rollback' : 'Backend rollover', target: `${config.environment} (${config.region})`, facts, steps };
}
