import { withInterrupts, type SignalSource } from '../process/interrupts';

/**
 * Runs `fn` with an AbortSignal that fires on SIGINT/SIGTERM, so a cancelled CI job stops
 * waiting at once and the deploy rolls back its new instance instead of leaving it behind.
 * The reason is a plain Error, not an InterruptedError (a DeployError): the preview deploy
 * then reports "Preview deploy of <sha> for PR #<n> failed: Interrupted by SIGINT", naming
 * what was cut short.
 */
export function withInterruptSignal<T>(fn: (signal: AbortSignal) => Promise<T>, source?: SignalSource): Promise<T> {
  return withInterrupts({ source, reason: (name) => new Error(`Interrupted by ${name}`) }, fn);
}
