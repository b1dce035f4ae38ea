import { InterruptedError } from '../../log/errors';
import type { DeployLogger } from '../../log/logger';

/**
 * SIGINT/SIGTERM abort the rollover's waits so it can roll back; the process stays alive
 * until the roll-back is done (a CI cancel sends SIGTERM and waits before SIGKILL).
 */
export function trapInterrupts(logger: DeployLogger): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      logger.warn(`${name} again: still rolling back, please wait (every step is bounded)`);
      return;
    }
    logger.warn(`${name} received: stopping the wait and rolling back`);
    controller.abort(new InterruptedError(name));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
