import { DeployError, WaitTimeoutError, formatDuration } from '../log/errors';
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
  const pollMs = options.pollMs ?? 10_000;
  const started = clock.now();
  let lastLook = started;
  for (;;) {
    const result = await health.check(url);
    if (result.healthy) return;
    const elapsed = clock.now() - started;
    if (elapsed >= options.timeoutMs) {
      throw new WaitTimeoutError(`${url} to answer 200 (last answer: ${result.detail})`, options.timeoutMs);
    }
    if (clock.now() - lastLook >= 60_000) {
      lastLook = clock.now();
      logger.info(`waiting for ${url}: ${result.detail} (${formatDuration(elapsed)} of ${formatDuration(options.timeoutMs)})`);
      const [instance] = await compute.describeInstances([instanceId]);
      if (!instance || !['pending', 'running'].includes(instance.state)) {
        throw new DeployError(`Instance ${instanceId} is ${instance?.state ?? 'gone'} while booting${instance?.stateReason ? `: ${instance.stateReason}` : ''}`);
      }
      const failed = (await compute.consoleOutput(instanceId)).match(BOOT_FAILED);
      if (failed) throw new DeployError(`The preview's startup script failed: ${failed[0]}`);
    }
    await clock.sleep(pollMs, signal);
  }
}
