import { InterruptedError } from '../log/errors';
import type { DeployLogger } from '../log/logger';

/** What the person who pressed Ctrl-C (or the CI that cancelled the job) is told. */
export interface InterruptNotices {
  logger: DeployLogger;
  /** Warned on the first signal: what stops now and what happens next. */
  first(name: NodeJS.Signals): string;
  /** Warned on each later signal, which is then ignored: the clean-up still running is bounded. */
  again(name: NodeJS.Signals): string;
}

/** Where signals come from: the process itself, or a detached worker's boot code (see worker-boot.ts). */
export interface SignalSource {
  on(name: NodeJS.Signals, listener: (name: NodeJS.Signals) => void): void;
  off(name: NodeJS.Signals, listener: (name: NodeJS.Signals) => void): void;
}

const processSignals: SignalSource = {
  on: (name, listener) => process.on(name, listener),
  off: (name, listener) => process.off(name, listener),
};

export interface InterruptOptions {
  /** Default: this process's own signals. */
  source?: SignalSource;
  /**
   * Without notices a later signal of the same kind is not trapped, so Node's default ends the
   * process: a signal is swallowed only when we can say why.
   */
  notices?: InterruptNotices;
  /** The abort reason; default `InterruptedError` ("Interrupted by SIGINT"). */
  reason?(name: NodeJS.Signals): Error;
}

export interface InterruptTrap {
  /** Aborted on the first SIGINT/SIGTERM; pass it to every wait. */
  signal: AbortSignal;
  /** Stop listening (call it in a `finally`). */
  release(): void;
}

/**
 * Turns SIGINT/SIGTERM into an AbortSignal, so a cancelled deploy stops waiting at once and
 * cleans up after itself instead of dying mid-way (a CI cancel sends SIGTERM and waits before
 * SIGKILL).
 */
export function trapInterrupts(options: InterruptOptions = {}): InterruptTrap {
  const { notices } = options;
  const source = options.source ?? processSignals;
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (!notices) source.off(name, onSignal);
    if (controller.signal.aborted) {
      notices?.logger.warn(notices.again(name));
      return;
    }
    if (notices) notices.logger.warn(notices.first(name));
    controller.abort(options.reason ? options.reason(name) : new InterruptedError(name));
  };
  source.on('SIGINT', onSignal);
  source.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => {
      source.off('SIGINT', onSignal);
      source.off('SIGTERM', onSignal);
    },
  };
}

/** Runs `fn` with the trap's signal and releases the trap when `fn` settles. */
export async function withInterrupts<T>(options: InterruptOptions, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const trap = trapInterrupts(options);
  try {
    return await fn(trap.signal);
  } finally {
    trap.release();
  }
}
