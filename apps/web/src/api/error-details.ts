import type { ApiErrorDetails } from './api-error';

/** Retry-After as seconds: a number of seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - now) / 1000));
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);

/**
 * The structured parts of an error answer. The lockout's wait is read from Retry-After, else
 * from a `retryAfterSeconds` field, else from the minutes the API's 423 sentence names
 * ("Try again in 12 minutes."), so the page can say how long without showing the API's words.
 */
export function errorDetails(status: number, body: unknown, headers: { get(name: string): string | null } | undefined): ApiErrorDetails {
  const error = record(record(body)?.['error']) ?? {};
  const details: ApiErrorDetails = {};
  if (typeof error['code'] === 'string') details.code = error['code'];
  const attempts = count(error['attemptsRemaining']);
  if (attempts !== undefined) details.attemptsRemaining = attempts;
  let wait = retryAfterSeconds(headers?.get('Retry-After') ?? null) ?? count(error['retryAfterSeconds']);
  if (wait === undefined && status === 423 && typeof error['message'] === 'string') {
    const minutes = /\bin (\d+) minutes?\b/i.exec(error['message']);
    if (minutes) wait = Number(minutes[1]) * 60;
  }
  if (wait !== undefined) details.retryAfterSeconds = wait;
  return details;
}
