import type { DeployLogger } from '../../log/logger';
import { trapInterrupts, type InterruptTrap } from '../../process/interrupts';

/**
 * SIGINT/SIGTERM abort the rollover's waits so it can roll back; the process stays alive
 * until the roll-back is done (a CI cancel sends SIGTERM and waits before SIGKILL).
 */
export function trapRolloverInterrupts(logger: DeployLogger): InterruptTrap {
  return trapInterrupts({
    notices: {
      logger,
      // What happens next depends on the phase: say both, the summary says which one it was.
      first: (name) =>
        `${name} received: stopping the current wait. Before the switch-over the new instance(s) are rolled back and the old fleet keeps serving; ` +
        'after it (old instances deregistered, draining) the old instances are terminated without waiting for the drain.',
      again: (name) =>
        `${name} again: still finishing (rolling back, or terminating the deregistered old fleet); please wait, every step is bounded`,
    },
  });
}
