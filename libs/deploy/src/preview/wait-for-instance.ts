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

/** Polls until the instance runs and has a public DNS name; fails at once if AWS ends it. */
export async function waitForPublicDns(
  instanceId: string,
  options: { timeoutMs: number; pollMs?: number },
  deps: WaitDeps,
): Promise<Instance & { publicDnsName: string }> {
  const { compute, clock, logger, signal } = deps;
  const last: { instance?: Instance } = {};
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
      if (instance?.state === 'running') logger.info(`${instanceId} is running but has no public DNS name yet`);
      return false;
    },
  });
  return last.instance as Instance & { publicDnsName: string };
}
