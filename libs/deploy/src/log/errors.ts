/**
 * The deploy engine's one error type. `message` says what happened; `hint` says what to do
 * next. Executors print both and return `{ success: false }`.
 */
export class DeployError extends Error {
  readonly hint?: string;
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeployError';
    this.hint = options.hint;
  }
}

/** A bounded wait ran out. */
export class WaitTimeoutError extends DeployError {
  constructor(what: string, timeoutMs: number, hint?: string) {
    super(`Timed out after ${formatDuration(timeoutMs)} waiting for ${what}`, { hint });
    this.name = 'WaitTimeoutError';
  }
}

/** The operation was interrupted (SIGINT/SIGTERM) while waiting. */
export class InterruptedError extends DeployError {
  constructor(signalName = 'signal') {
    super(`Interrupted by ${signalName}`);
    this.name = 'InterruptedError';
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return `${m} min ${rest} s`;
}

/**
 * A failure already explained to the person at the terminal (e.g. by the rollover's own
 * summary): recorded in the history like any other, but not printed a second time.
 */
export class ReportedFailure extends DeployError {
  constructor(message: string) {
    super(message);
    this.name = 'ReportedFailure';
  }
}
