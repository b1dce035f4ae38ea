import { DeployError, formatDuration } from '../log/errors';
import type { Compute } from '../ports/compute';
import { pollUntil } from '../wait/poll-until';
import type { HealthProbe } from './health-probe';
import type { WaitDeps } from './wait-for-instance';

/** The step log's failure line (startup/shell.ts preamble, and `fail` in the preview script). */
const BOOT_FAILED = /\[error\] step "[^"]*" failed[^\n]*/;

/**
 * Polls `url` until it answers 200, at most `timeoutMs`. Every minute it also looks at the
 * instance: a terminated instance or a failed boot step ends the wait at once instead of
 * burning the whole budget (the seed waited forever, defect #21).
 */
export async function waitForHealthy(
  instanceId: string,
  url: string,
  options: { timeoutMs: number; pollMs?: number },
  deps: WaitDeps & { health: HealthProbe },
): Promise<void> {
  const { compute, clock, logger, health, signal } = deps;
  let lastAnswer = '';
  await pollUntil({
    what: () => `${url} to answer 200 (last answer: ${lastAnswer})`,
    timeoutMs: options.timeoutMs,
    intervalMs: options.pollMs ?? 10_000,
    clock,
    signal,
    heartbeat: {
      beat: async (_stamp, waitedMs) => {
        logger.info(`waiting for ${url}: ${lastAnswer} (${formatDuration(waitedMs)} of ${formatDuration(options.timeoutMs)})`);
        await failIfBootFailed(instanceId, compute);
      },
    },
    check: async () => {
      const result = await health.check(url);
      lastAnswer = result.detail;
      return result.healthy;
    },
  });
}

/** The health URL alone cannot tell "still booting" from "will never boot"; the instance can. */
async function failIfBootFailed(instanceId: string, compute: Compute): Promise<void> {
  const [instance] = await compute.describeInstances([instanceId]);
  if (!instance || !['pending', 'running'].includes(instance.state)) {
    throw new DeployError(`Instance ${instanceId} is ${instance?.state ?? 'gone'} while booting${instance?.stateReason ? `: ${instance.stateReason}` : ''}`);
  }
  const failed = (await compute.consoleOutput(instanceId)).match(BOOT_FAILED);
  if (failed) throw new DeployError(`The preview's startup script failed: ${failed[0]}`);
}
