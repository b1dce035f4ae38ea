import { DeployError } from '../log/errors';
import type { Target } from '../ports/load-balancer';
import { retryTransient } from '../wait/retry';
import type { RolloverRun } from './rollover-types';
import { newInstanceTags } from './tags';
import { targetsOf } from './target-health';

/** The launch step's arguments, as the plan prints them. */
export interface LaunchArgs {
  count: number;
  imageId: string;
  instanceType: string;
  subnetId: string;
  securityGroupIds: string[];
  clientToken: string;
  /** The startup script's size: plain, and gzip-compressed as EC2 receives (and limits) it. */
  userDataBytes: number;
  userDataCompressedBytes: number;
  /** Name or ARN of the instance profile (the role the instance reads its settings with). */
  instanceProfile: string;
}

export interface LaunchOutput {
  instanceIds: string[];
  targets: Target[];
}

/**
 * Launches the new fleet in one RunInstances call, tagged with the journal from the first
 * moment. The rollover id is the idempotency token, so a retried call (throttling, a lost
 * response) returns the instances of the first one instead of starting a second set.
 */
export async function launchInstances(run: RolloverRun, args: LaunchArgs): Promise<LaunchOutput> {
  const { deps } = run;
  const tags = newInstanceTags({ environment: run.config.environment, release: run.release, previous: run.previous, journal: run.journal.launchTags() });
  const launched = await retryTransient(
    'launch instances',
    () =>
      deps.compute.launch({
        imageId: args.imageId,
        instanceType: args.instanceType,
        subnetId: args.subnetId,
        securityGroupIds: args.securityGroupIds,
        userData: run.userData,
        instanceProfile: args.instanceProfile.startsWith('arn:') ? { arn: args.instanceProfile } : { name: args.instanceProfile },
        tags,
        clientToken: args.clientToken,
        count: args.count,
      }),
    run.retry,
    { deadlineAt: run.callDeadline() },
  );
  const ids = launched.map((i) => i.id);
  run.journal.attach(ids);
  if (launched.length !== args.count) {
    throw new DeployError(`Asked EC2 for ${args.count} instance(s), got ${launched.length}`, { hint: "Check the account's instance limits and the subnet's free addresses." });
  }
  for (const i of launched) deps.logger.info(`launched ${i.id} (${i.state})`);
  return { instanceIds: ids, targets: targetsOf(ids, run.config.port) };
}
