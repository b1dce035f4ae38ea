import type { Clock } from '../ports/clock';
import type { Compute, Instance } from '../ports/compute';
import { DeployError, formatDuration } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import { pollUntil } from '../wait/poll-until';

export interface WaitDeps {
  compute: Compute;
  clock: Clock;
  logger: DeployLogger;
  signal?: AbortSignal;
}

/**
 * EC2 names an instance with a public IP while it is still pending; one that runs without a
 * name after this long will never get one (its subnet or VPC does not give them).
 */
export const DNS_GRACE_MS = 20_000;

/**
 * Polls until the instance runs and has a public DNS name; fails at once if AWS ends it, and
 * soon (DNS_GRACE_MS) if it runs without a public DNS name, instead of waiting the full time.
 */
export async function waitForPublicDns(
  instanceId: string,
  options: { timeoutMs: number; pollMs?: number; subnetId?: string },
  deps: WaitDeps,
): Promise<Instance & { publicDnsName: string }> {
  const { compute, clock, logger, signal } = deps;
  const last: { instance?: Instance } = {};
  let runningSince: number | undefined;
  await pollUntil({
    what: `${instanceId} to run with a public DNS name`,
    hint: 'Previews need a subnet that assigns public IPs and DNS hostnames (PREVIEW_AWS_SUBNET).',
    timeoutMs: options.timeoutMs,
    intervalMs: options.pollMs ?? 5_000,
    clock,
    signal,
    heartbeat: {
      everyMs: 30_000,
      beat: (_stamp, waitedMs) =>
        logger.info(`still waiting for ${instanceId} (${last.instance?.state ?? 'not visible yet'}, ${formatDuration(waitedMs)})`),
    },
    check: async () => {
      const [instance] = await compute.describeInstances([instanceId]);
      last.instance = instance;
      if (instance && ['shutting-down', 'terminated', 'stopping', 'stopped'].includes(instance.state)) {
        throw new DeployError(`Instance ${instanceId} is ${instance.state}${instance.stateReason ? `: ${instance.stateReason}` : ''}`, {
          hint: 'Check the preview AMI, instance type and subnet capacity, then run the job again.',
        });
      }
      if (instance?.state === 'running' && instance.publicDnsName) return true;
      if (instance?.state === 'running') {
        runningSince ??= clock.now();
        if (clock.now() - runningSince >= DNS_GRACE_MS) {
          const subnet = options.subnetId ? ` in subnet ${options.subnetId}` : '';
          throw new DeployError(`Preview instance ${instanceId}${subnet} is running but has no public DNS name, and will not get one.`, {
            hint:
              'The subnet must assign public IPs on launch (MapPublicIpOnLaunch) and its VPC must have DNS host names and DNS support on ' +
              '(aws ec2 modify-subnet-attribute --map-public-ip-on-launch; aws ec2 modify-vpc-attribute --enable-dns-hostnames), or set PREVIEW_AWS_SUBNET to a public subnet.',
          });
        }
        logger.info(`${instanceId} is running but has no public DNS name yet`);
      }
      return false;
    },
  });
  return last.instance as Instance & { publicDnsName: string };
}
