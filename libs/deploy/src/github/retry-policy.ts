/**
 * When to retry a GitHub request and how long to wait first. GitHub signals its primary
 * rate limit with 403/429 + `x-ratelimit-remaining: 0` (+ `x-ratelimit-reset`), and its
 * secondary limit with 403/429 + `retry-after`. Server errors and dropped connections get a
 * short backoff. Every wait is capped: a limit that resets in 40 minutes fails the job with
 * a clear message instead of hanging it (seed defects #3, #21).
 */

export interface RetrySettings {
  /** Attempts in total, including the first. */
  maxAttempts: number;
  /** Longest single wait we accept; a longer rate-limit reset is an error. */
  maxWaitMs: number;
  /** Backoff before retrying a 5xx or network error: base * 2^(attempt-1). */
  serverErrorBaseDelayMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maxAttempts: 4,
  maxWaitMs: 60_000,
  serverErrorBaseDelayMs: 1_000,
};

export interface FailedResponse {
  /** HTTP status; undefined when the request never got an answer. */
  status?: number;
  headers: Record<string, string | number | undefined>;
  /**
   * False for a request that may have taken effect although it failed (a POST creating a
   * comment): after a 5xx or a lost answer it is NOT repeated blindly; the caller looks first.
   * A rate-limit answer is still retried: GitHub did not process the request. Default true.
   */
  idempotent?: boolean;
}

export type RetryDecision =
  | { retry: true; waitMs: number; reason: string }
  | { retry: false; reason?: string };

/** `attempt` is the number of the attempt that just failed (1-based). `nowMs` for reset times. */
export function decideRetry(
  failure: FailedResponse,
  attempt: number,
  nowMs: number,
  settings: RetrySettings = DEFAULT_RETRY_SETTINGS,
): RetryDecision {
  if (attempt >= settings.maxAttempts) return { retry: false, reason: `gave up after ${attempt} attempts` };
  const { status } = failure;
  const header = (name: string) => {
    const v = failure.headers[name];
    return v === undefined ? undefined : String(v);
  };

  const rateLimited =
    status === 429 || (status === 403 && (header('retry-after') !== undefined || header('x-ratelimit-remaining') === '0'));
  if (rateLimited) {
    let waitMs = 60_000;
    const retryAfter = header('retry-after');
    const reset = header('x-ratelimit-reset');
    if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) {
      waitMs = Number(retryAfter) * 1000;
    } else if (reset !== undefined && Number.isFinite(Number(reset))) {
      waitMs = Math.max(0, Number(reset) * 1000 - nowMs) + 1000;
    }
    if (waitMs > settings.maxWaitMs) {
      return {
        retry: false,
        reason: `GitHub rate limit resets in ${Math.ceil(waitMs / 1000)} s, longer than the ${Math.ceil(settings.maxWaitMs / 1000)} s we wait`,
      };
    }
    return { retry: true, waitMs, reason: `GitHub rate limit (HTTP ${status})` };
  }

  if ((status === undefined || status >= 500) && failure.idempotent === false) {
    return { retry: false, reason: 'the request may have taken effect; not repeating it blindly' };
  }
  if (status === undefined || status >= 500) {
    const waitMs = settings.serverErrorBaseDelayMs * 2 ** (attempt - 1);
    return { retry: true, waitMs, reason: status === undefined ? 'no answer from GitHub' : `GitHub answered ${status}` };
  }
  return { retry: false };
}
