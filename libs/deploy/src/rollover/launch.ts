import type { ApiDeployConfig } from '@eapd/config';
import { DeployError } from '../log/errors';
import type { Instance } from '../ports/compute';
import { withRetry } from './retry';
import type { Release, RolloverDeps, RolloverSettings } from './rollover-types';
import { newInstanceTags } from './tags';

/**
 * Launches the new fleet in one RunInstances call. The rollover id is the idempotency token,
 * so a retried call (throttling, a lost response) never starts a second set.
 */
export async function launchInstances(
  args: { config: ApiDeployConfig; settings: RolloverSettings; release: Release; previous?: Release; count: number; userData: string; startedAt: Date },
  deps: RolloverDeps,
): Promise<Instance[]> {
  const { config, settings } = args;
  const tags = newInstanceTags({
    environment: config.environment,
    release: args.release,
    previous: args.previous,
    startedAt: args.startedAt,
    rolloverId: settings.rolloverId,
    holder: settings.holder,
  });
  const launched = await withRetry(
    'launch instances',
    () =>
      deps.compute.launch({
        imageId: config.ami,
        instanceType: settings.instanceType,
        subnetId: config.subnet,
        securityGroupIds: [config.securityGroup],
        userData: args.userData,
        instanceProfile: config.instanceProfile,
        tags,
        clientToken: settings.rolloverId,
        count: args.count,
      }),
    deps,
  );
  if (launched.length !== args.count) {
    throw new DeployError(`Asked EC2 for ${args.count} instance(s), got ${launched.length}`, { hint: 'Check the account\'s instance limits and the subnet\'s free addresses.' });
  }
  for (const i of launched) deps.logger.info(`launched ${i.id} (${i.state})`);
  return launched;
}
