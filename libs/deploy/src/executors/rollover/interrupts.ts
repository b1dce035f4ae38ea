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
      logger.warn(`${name} again: still finishing (rolling back, or terminating the deregistered old fleet); please wait, every step is bounded`);
      return;
    }
    // What happens next depends on the phase: say both, the summary says which one it was.
    logger.warn(
      `${name} received: stopping the current wait. Before the switch-over the new instance(s) are rolled back and the old fleet keeps serving; ` +
        'after it (old instances deregistered, draining) the old instances are terminated without waiting for the drain.',
    );
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
