import { formatDuration } from '../log/errors';
import { AwsCallError, type AwsCallFailure, type AwsService } from '../ports/aws-call-error';
import { systemClock, type Clock } from '../ports/clock';

/**
 * How long one AWS call may keep trying. Every call the adapters make is a read or an
 * idempotent mutation (RunInstances carries a ClientToken; Register/Deregister, Terminate,
 * CreateTags/DeleteTags converge), so a retry after a lost response is harmless.
 */
export interface RetryPolicy {
  /** Whole time for one call, attempts and waits included. */
  budgetMs: number;
  /** Hard cap on attempts. */
  maxAttempts: number;
  /** Back-off base after a 5xx or a dropped connection (doubles per attempt, full jitter). */
  baseDelayMs: number;
  /** Back-off base after throttling: slower, so a storm gets lighter, not heavier. */
  throttleBaseDelayMs: number;
  /** Longest single wait. */
  maxDelayMs: number;
  /** One attempt is abandoned (and retried) after this long without an answer. */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  budgetMs: 90_000,
  maxAttempts: 30,
  baseDelayMs: 100,
  throttleBaseDelayMs: 500,
  maxDelayMs: 8_000,
  attemptTimeoutMs: 20_000,
};

export interface RetryNotice {
  service: AwsService;
  operation: string;
  resource?: string;
  /** The attempt that just failed (1-based). */
  attempt: number;
  delayMs: number;
  failure: Pick<AwsCallFailure, 'code' | 'status' | 'awsMessage' | 'kind'>;
}

export interface AwsCallContext {
  policy: RetryPolicy;
  clock: Clock;
  /** Told about each retry (the adapters print the later ones as warnings). */
  onRetry?: (notice: RetryNotice) => void;
  random?: () => number;
}

export function awsCallContext(options: { retry?: Partial<RetryPolicy>; clock?: Clock; onRetry?: (n: RetryNotice) => void } = {}): AwsCallContext {
  return { policy: { ...DEFAULT_RETRY_POLICY, ...options.retry }, clock: options.clock ?? systemClock, onRetry: options.onRetry };
}

/**
 * Runs one AWS call: each attempt gets its own time limit; throttling, 5xx and dropped or
 * timed-out connections are retried with exponential back-off and full jitter until the
 * budget runs out; anything else fails at once. A failure for good is an AwsCallError that
 * names the service, the operation, the resource, the attempts and AWS's answer.
 */
export async function callAws<T>(
  ctx: AwsCallContext,
  call: { service: AwsService; operation: string; resource?: string },
  attempt: (abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { policy, clock } = ctx;
  const random = ctx.random ?? Math.random;
  const started = clock.now();
  for (let n = 1; ; n++) {
    const timeout = AbortSignal.timeout(policy.attemptTimeoutMs);
    let failure: Pick<AwsCallFailure, 'code' | 'status' | 'awsMessage' | 'kind'>;
    let cause: unknown;
    try {
      return await attempt(timeout);
    } catch (err) {
      cause = err;
      failure = timeout.aborted
        ? { kind: 'transient', code: 'TimeoutError', awsMessage: `no answer within ${formatDuration(policy.attemptTimeoutMs)}` }
        : classifyAwsError(err);
    }
    const base = failure.kind === 'throttled' ? policy.throttleBaseDelayMs : policy.baseDelayMs;
    const delayMs = Math.round(random() * Math.min(policy.maxDelayMs, base * 2 ** (n - 1)));
    const spent = clock.now() - started;
    if (failure.kind === 'rejected' || n >= policy.maxAttempts || spent + delayMs >= policy.budgetMs) {
      throw new AwsCallError({ ...call, attempts: n, ...failure }, { cause });
    }
    ctx.onRetry?.({ ...call, attempt: n, delayMs, failure });
    await clock.sleep(delayMs);
  }
}

const THROTTLING_CODES = ['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'SlowDown', 'RequestThrottledException'];
const NETWORK_CODES = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH'];
const NETWORK_MESSAGE = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|socket hang up|other side closed/i;

/**
 * What an SDK error means for us. Network errors may arrive wrapped (a Jest realm, an SDK
 * "error wrapper"), so their code is also looked for in the message.
 */
export function classifyAwsError(err: unknown): Pick<AwsCallFailure, 'code' | 'status' | 'awsMessage' | 'kind'> {
  const e = (err ?? {}) as { name?: string; code?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number }; $retryable?: { throttling?: boolean } };
  const status = e.$metadata?.httpStatusCode;
  const message = e.message || String(err);
  const awsCode = e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined);
  if (e.$retryable?.throttling || status === 429 || (awsCode && THROTTLING_CODES.includes(awsCode))) {
    return { kind: 'throttled', code: awsCode, status, awsMessage: message };
  }
  if (status !== undefined && status >= 500) return { kind: 'transient', code: awsCode, status, awsMessage: message };
  if (status === undefined) {
    const netCode = e.code && NETWORK_CODES.includes(e.code) ? e.code : message.match(NETWORK_MESSAGE)?.[0]?.toUpperCase().replace(/ /g, '_');
    if (netCode || e.name === 'TimeoutError') return { kind: 'transient', code: netCode ?? e.name, awsMessage: message };
  }
  return { kind: 'rejected', code: awsCode, status, awsMessage: message };
}

/** The usual retry printout: quiet for the first two retries (routine), a warning after. */
export function warnOnRetry(warn: (message: string) => void): (n: RetryNotice) => void {
  return (n) => {
    if (n.attempt < 3) return;
    const answer = [n.failure.status, n.failure.code].filter((x) => x !== undefined).join(' ');
    warn(`${n.service} ${n.operation}${n.resource ? ` (${n.resource})` : ''}: ${answer || n.failure.awsMessage}; retrying in ${formatDuration(n.delayMs)} (attempt ${n.attempt + 1})`);
  };
}

/**
 * An SDK error after the SDK's OWN retries, as an AwsCallError. S3 keeps the SDK's retry
 * strategy (lib-storage's multipart uploads retry their parts through it); its failures are
 * named the same way as everyone else's.
 */
export function awsCallErrorFrom(err: unknown, call: { service: AwsService; operation: string; resource?: string }): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const attempts = (err as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts ?? 1;
  return new AwsCallError({ ...call, attempts, ...classifyAwsError(err) }, { cause: err });
}
