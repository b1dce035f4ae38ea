import type { Clock } from '../ports/clock';
import type { Compute, Instance } from '../ports/compute';
import { DeployError, WaitTimeoutError, formatDuration } from '../log/errors';
import type { DeployLogger } from '../log/logger';

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
  const pollMs = options.pollMs ?? 5_000;
  const started = clock.now();
  let lastReport = started;
  for (;;) {
    const [instance] = await compute.describeInstances([instanceId]);
    if (instance && ['shutting-down', 'terminated', 'stopping', 'stopped'].includes(instance.state)) {
      throw new DeployError(`Instance ${instanceId} is ${instance.state}${instance.stateReason ? `: ${instance.stateReason}` : ''}`, {
        hint: 'Check the preview AMI, instance type and subnet capacity, then run the job again.',
      });
    }
    if (instance?.state === 'running' && instance.publicDnsName) {
      return instance as Instance & { publicDnsName: string };
    }
    if (instance?.state === 'running') {
      logger.info(`${instanceId} is running but has no public DNS name yet`);
    }
    const elapsed = clock.now() - started;
    if (elapsed >= options.timeoutMs) {
      throw new WaitTimeoutError(`${instanceId} to run with a public DNS name`, options.timeoutMs,
        'Previews need a subnet that assigns public IPs and DNS hostnames (PREVIEW_AWS_SUBNET).');
    }
    if (clock.now() - lastReport >= 30_000) {
      logger.info(`still waiting for ${instanceId} (${instance?.state ?? 'not visible yet'}, ${formatDuration(elapsed)})`);
      lastReport = clock.now();
    }
    await clock.sleep(pollMs, signal);
  }
}
