import type { DeployLogger } from '../../log/logger';
import { trapInterrupts, type InterruptTrap, type SignalSource } from '../../process/interrupts';

/**
 * SIGINT/SIGTERM abort the rollover's waits: before the switch it rolls back, after it it
 * finishes without waiting for the drain. Later signals are answered with a notice and
 * ignored: the roll-back must complete, and every step of it is bounded.
 */
export function trapRolloverInterrupts(logger: DeployLogger, source?: SignalSource): InterruptTrap {
  return trapInterrupts({
    source,
    notices: {
      logger,
      // What happens next depends on the phase: say both, the summary says which one it was.
      first: (name) =>
        `${name} received: stopping the current wait. Before the switch-over the rollover is rolled back: the old fleet is ` +
        '(re-)registered and must be healthy before the new instance(s) are removed. After it (old instances deregistered, ' +
        'draining) the old instances are terminated without waiting for the drain.',
      again: (name) => `${name} again: still finishing (rolling back, or terminating the deregistered old fleet); every step is bounded`,
    },
  });
}
