import type { ApiDeployConfig } from '@eapd/config';
import { formatDuration } from '../log/errors';
import { ref, type Plan, type PlanStep } from '../plan/plan';
import type { LaunchArgs } from './launch';
import type { JudgedRollover } from './lock';
import { repairSteps, repairOutcome } from './plan-repair';
import { describeParameterPlan, hasChanges, type ParameterPlan } from '../parameters/plan-parameters';
import type { Fleet, Release, RolloverSettings } from './rollover-types';
import { describeUserDataSize, type UserDataSize } from '../startup/user-data';

export type RolloverAction =
  | 'terminate-strays'
  | 'write-parameters'
  | 'launch'
  | 'confirm-lock'
  | 'wait-running'
  | 'register'
  | 'wait-healthy'
  | 'soak'
  | 'deregister-old'
  | 'drain'
  | 'verify-new'
  | 'terminate-old'
  | 'release-lock'
  // Compensations, also the steps of a repair:
  | 'remove-new'
  | 'deregister-new'
  | 'restore-old'
  | 'retire-old';

export interface RolloverStep extends PlanStep {
  action: RolloverAction;
}

export interface RolloverPlanInput {
  config: ApiDeployConfig;
  settings: RolloverSettings;
  release: Release;
  fleet: Fleet;
  /** Dead rollovers found in the journal tags: repaired first. */
  dead: JudgedRollover[];
  count: number;
  /** The startup script's size, plain and as EC2 receives it (gzip-compressed). */
  userDataBytes: UserDataSize;
  deregistrationDelayS: number;
  drainTimeoutMs: number;
  soakMs: number;
  /** What writing the instance settings to Parameter Store changes (names and actions only). */
  parameters: ParameterPlan;
}

const short = (sha: string) => sha.slice(0, 12);
const NEW = (output: 'instanceIds' | 'targets') => ref('launch', output);
const OLD = (output: 'oldTargets' | 'oldInstanceIds') => ref('confirm-lock', output);

/**
 * The rollover as plain data — what `--dry-run` prints and `applyPlan` carries out. Each step
 * names its inputs (a later step takes the instances from `launch`'s output, the old fleet
 * from `confirm-lock`'s, which re-reads it under the lock) and its undo. Until the old fleet
 * is terminated, any failure runs the undos in reverse: re-register the old fleet and wait
 * until it is healthy, deregister the new targets, terminate the new instances.
 */
export function planRollover(input: RolloverPlanInput): Plan<RolloverStep> {
  const { config, settings, release, fleet, count } = input;
  const repairing = new Set(input.dead.flatMap((r) => r.instanceIds));
  const oldNow = fleet.current.filter((i) => !repairing.has(i.id)).map((i) => i.id);
  const steps: RolloverStep[] = input.dead.flatMap((r) => repairSteps(r, fleet, config, settings.healthTimeoutMs));
  if (fleet.strays.length > 0) {
    steps.push({
      id: 'terminate-strays',
      action: 'terminate-strays',
      summary: `Terminate ${fleet.strays.length} stray instance(s): running in ${config.environment} but not registered`,
      details: fleet.strays.map((i) => `${i.id} (${i.state}, launched ${i.launchedAt.toISOString()}, release ${i.tags['release'] ?? 'unknown'})`),
      args: { instances: fleet.strays.map((i) => i.id) },
      mutating: true,
    });
  }
  const launch: LaunchArgs = {
    count,
    imageId: config.ami,
    instanceType: settings.instanceType,
    subnetId: config.subnet,
    securityGroupIds: [config.securityGroup],
    clientToken: settings.rolloverId,
    userDataBytes: input.userDataBytes.scriptBytes,
    userDataCompressedBytes: input.userDataBytes.compressedBytes,
    instanceProfile: 'arn' in config.instanceProfile ? config.instanceProfile.arn : config.instanceProfile.name,
  };
  // Before the launch: a new instance reads its settings at boot. No undo: serving instances read
  // theirs when they booted, so the values written reach only instances launched from now on.
  const parameters = describeParameterPlan(input.parameters);
  steps.push({ id: 'write-parameters', action: 'write-parameters', summary: parameters.summary, details: parameters.details, args: {}, mutating: hasChanges(input.parameters) });
  steps.push(
    {
      id: 'launch',
      action: 'launch',
      summary: `Launch ${count} × ${settings.instanceType} from ${config.ami} with release ${short(release.gitSha)}, tagged with this rollover's lock and journal`,
      details: [
        `artifact ${release.artifactUrl}`,
        `artifact sha256 ${release.artifactSha256}`,
        `instance profile ${launch.instanceProfile}, IMDSv2 only (hop limit 1); user data ${describeUserDataSize(input.userDataBytes)}, settings by reference: ${config.parameters.path}/`,
      ],
      args: { ...launch },
      compensate: {
        action: 'remove-new',
        summary: 'Terminate the new instance(s) (found by their rollover-id tag too), once out of the target group',
        args: { rolloverId: settings.rolloverId, instances: NEW('instanceIds'), keepFailed: settings.keepFailed },
      },
      mutating: true,
    },
    {
      id: 'confirm-lock',
      action: 'confirm-lock',
      summary: 'Under the lock: check no other rollover started, and read the serving fleet again (it may have changed since discovery)',
      details: [`serving at discovery: ${oldNow.join(', ') || 'none'}`],
      args: { environment: config.environment, rolloverId: settings.rolloverId, newInstances: NEW('instanceIds') },
      mutating: false,
    },
    {
      id: 'wait-running',
      action: 'wait-running',
      summary: `Wait until running and both status checks pass (at most ${formatDuration(settings.bootTimeoutMs)})`,
      args: { instances: NEW('instanceIds'), timeoutMs: settings.bootTimeoutMs },
      mutating: false,
    },
    {
      id: 'register',
      action: 'register',
      summary: `Register the new instance(s) on the target group, port ${config.port}`,
      details: [config.targetGroupArn],
      args: { targets: NEW('targets') },
      compensate: {
        action: 'deregister-new',
        summary: 'Deregister the new target(s), never while they are the only healthy ones, and let them drain (at most 2 min)',
        args: { rolloverId: settings.rolloverId, instances: NEW('instanceIds') },
      },
      mutating: true,
    },
    {
      id: 'wait-healthy',
      action: 'wait-healthy',
      summary: `Wait until all ${count} new target(s) are healthy (at most ${formatDuration(settings.healthTimeoutMs)})`,
      args: { targets: NEW('targets'), timeoutMs: settings.healthTimeoutMs },
      mutating: false,
    },
    {
      id: 'soak',
      action: 'soak',
      summary: `Soak: the new target(s) must stay healthy for ${formatDuration(input.soakMs)} while the old fleet stays registered`,
      args: { targets: NEW('targets'), soakMs: input.soakMs },
      mutating: false,
    },
    {
      id: 'deregister-old',
      action: 'deregister-old',
      summary: 'Switch: deregister the old fleet, once the new target(s) are read back healthy',
      details: [`now: ${oldNow.join(', ') || 'none (first deploy)'}`],
      args: { targets: OLD('oldTargets'), keepServing: NEW('targets') },
      compensate: {
        action: 'restore-old',
        summary: `Re-register the old fleet and wait until it is healthy (at most ${formatDuration(settings.healthTimeoutMs)})`,
        args: { targets: OLD('oldTargets'), timeoutMs: settings.healthTimeoutMs },
      },
      mutating: true,
    },
    {
      id: 'drain',
      action: 'drain',
      summary: `Drain the old fleet (deregistration delay ${input.deregistrationDelayS} s, at most ${formatDuration(input.drainTimeoutMs)}), watching the new target(s)`,
      args: { targets: OLD('oldTargets'), watch: NEW('targets'), timeoutMs: input.drainTimeoutMs },
      mutating: false,
    },
    {
      id: 'verify-new',
      action: 'verify-new',
      summary: 'Read the new target(s) back healthy: the last check before the old fleet is terminated',
      args: { targets: NEW('targets') },
      mutating: false,
    },
    {
      id: 'terminate-old',
      action: 'terminate-old',
      summary: 'Terminate the old fleet',
      args: { instances: OLD('oldInstanceIds') },
      pointOfNoReturn: true,
      mutating: true,
    },
  );
  const release_lock: RolloverStep = {
    id: 'release-lock',
    action: 'release-lock',
    summary: 'Clear the lock and journal tags of this rollover',
    args: { rolloverId: settings.rolloverId, instances: NEW('instanceIds') },
    mutating: true,
  };

  const healthy = fleet.healthyIds.length;
  const currentRelease = [...new Set(fleet.current.map((i) => i.tags['release'] ?? 'unknown'))].join(', ') || 'none';
  const facts: Array<[string, string]> = [
    ['operation', settings.kind === 'rollback' ? 'roll back to the previous release' : 'deploy a new release'],
    ['release', `${release.gitSha} (artifact sha256 ${release.artifactSha256.slice(0, 16)}…)`],
    ['serving now', `${fleet.current.length} instance(s), ${healthy} healthy, release ${currentRelease}`],
    ['new fleet', `${count} instance(s)`],
    ['target group', `${config.targetGroupArn} (port ${config.port})`],
    ['rollover id', settings.rolloverId],
  ];
  for (const r of input.dead) facts.push(['repair', `rollover ${r.rolloverId} is dead (${r.why}); ${repairOutcome(r, fleet)}`]);
  if (settings.kind === 'rollback') {
    // Migrations only go forward: say so before anyone relies on a rollback to undo a schema change.
    facts.push(['database', 'not rolled back: the previous release runs against the current schema (its startup runs migrations to latest)']);
  }
  if (fleet.foreignTargets.length > 0) {
    facts.push(['left alone', `${fleet.foreignTargets.length} target(s) not tagged environment=${config.environment}: ${fleet.foreignTargets.map((t) => t.id).join(', ')}`]);
  }
  return {
    operation: settings.kind === 'rollback' ? 'Backend rollback' : 'Backend rollover',
    target: `${config.environment} (${config.region})`,
    facts,
    steps,
    finally: [release_lock],
  };
}
