import { DeployError, formatDuration } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import type { Clock } from '../ports/clock';
import { isThrottlingError, isTransientError } from '../ports/compute';

export interface RetryDeps {
  clock: Clock;
  logger: DeployLogger;
  /** Jitter source; tests may pin it. */
  random?: () => number;
  /** Called between attempts, so a long retry still renews a lease (see rollover/journal). */
  keepAlive?: () => Promise<void>;
}

export interface RetryOptions {
  /** Epoch ms after which no new attempt starts: the step's deadline. */
  deadlineAt: number;
  /** First back-off (default 250 ms); doubles per attempt up to `maxDelayMs` (default 8 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Even full jitter waits a little: a retry at once would hit the same failing moment. */
const MIN_DELAY_MS = 50;

/** A call kept failing with transient errors until the step's deadline. Names the call (via the last error) and how long we tried. */
export class GaveUpError extends DeployError {
  constructor(
    readonly what: string,
    readonly last: unknown,
    readonly tries: number,
    readonly elapsedMs: number,
  ) {
    super(`${messageOf(last)} (${what}: gave up after ${tries} ${tries === 1 ? 'try' : 'tries'} over ${formatDuration(elapsedMs)})`, {
      cause: last,
      hint: 'AWS kept failing this call past the step\'s deadline (--call-timeout). Check https://health.aws.amazon.com, then run the same command again: it reads the state and repairs what this run left.',
    });
    this.name = 'GaveUpError';
  }
}

/**
 * Calls `fn` until it succeeds, retrying transient failures (throttling, 5xx, resets, lost
 * responses) with exponential back-off and full jitter, until `deadlineAt`. A burst of errors
 * (a throttling storm, 0.75 s of 500s) is ridden out; a permanent error is thrown at once.
 * Used for reads, and for mutations that are safe to repeat (see `mutateConverged`).
 */
export async function retryTransient<T>(what: string, fn: () => Promise<T>, deps: RetryDeps, options: RetryOptions): Promise<T> {
  const { clock, logger } = deps;
  const t0 = clock.now();
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 8_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransientError(err)) throw err;
      const now = clock.now();
      if (now >= options.deadlineAt) throw new GaveUpError(what, err, attempt, now - t0);
      // Full jitter: many clients retrying together spread out instead of retrying in step.
      const ceiling = Math.min(max, base * 2 ** (attempt - 1));
      const delay = Math.min(Math.max(MIN_DELAY_MS, Math.round((deps.random ?? Math.random)() * ceiling)), options.deadlineAt - now);
      const kind = isThrottlingError(err) ? 'AWS is throttling requests' : 'transient failure';
      logger.warn(`${what}: ${kind} (${shortMessage(err)}); retrying in ${formatDuration(delay)} (attempt ${attempt + 1})`);
      await clock.sleep(delay);
      await deps.keepAlive?.().catch(() => undefined);
    }
  }
}

/**
 * A mutation that converges: call it, then read the real state back until `isDone` says the
 * change is there. A call that failed is not trusted either way — AWS may have applied it
 * and lost the response — so a failure is followed by the same read; only when the state
 * shows the change missing is the (idempotent) call repeated. Ends at `deadlineAt`.
 */
export async function mutateConverged(
  what: string,
  call: () => Promise<unknown>,
  isDone: () => Promise<boolean>,
  deps: RetryDeps,
  options: RetryOptions & { confirmEveryMs?: number },
): Promise<void> {
  const { clock, logger } = deps;
  const t0 = clock.now();
  let lastError: unknown;
  for (let attempt = 1; ; attempt++) {
    let callFailed = false;
    try {
      await call();
    } catch (err) {
      if (!isTransientError(err)) {
        // A permanent answer may still mean "already so" (e.g. deregistering a target AWS already removed).
        if (await readState(what, isDone, deps, options)) return;
        throw err;
      }
      callFailed = true;
      lastError = err;
      logger.warn(`${what}: ${shortMessage(err)}; reading the state back to see whether AWS applied it`);
    }
    // Eventual consistency: a change may take a moment to show; look a few times before calling again.
    const settleUntil = Math.min(options.deadlineAt, clock.now() + (callFailed ? 0 : 10_000));
    for (;;) {
      if (await readState(what, isDone, deps, options)) {
        if (callFailed) logger.info(`${what}: AWS had applied it (the answer was lost)`);
        return;
      }
      if (clock.now() >= settleUntil) break;
      await clock.sleep(Math.min(options.confirmEveryMs ?? 1_000, settleUntil - clock.now()));
    }
    const now = clock.now();
    if (now >= options.deadlineAt) {
      throw new GaveUpError(what, lastError ?? new DeployError(`the change did not show in AWS's state`), attempt, now - t0);
    }
    const delay = Math.min(Math.max(MIN_DELAY_MS, Math.round((deps.random ?? Math.random)() * Math.min(8_000, 250 * 2 ** (attempt - 1)))), options.deadlineAt - now);
    await clock.sleep(delay);
    await deps.keepAlive?.().catch(() => undefined);
  }
}

function readState(what: string, isDone: () => Promise<boolean>, deps: RetryDeps, options: RetryOptions): Promise<boolean> {
  return retryTransient(`${what} (read back)`, isDone, deps, options);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function shortMessage(err: unknown): string {
  const e = err as { name?: string; message?: string };
  const msg = (e?.message ?? String(err)).split('\n')[0];
  return msg.length > 160 ? `${msg.slice(0, 157)}...` : e?.name && !msg.includes(e.name) ? `${e.name}: ${msg}` : msg;
}
