export type ApiErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'validation'
  | 'locked'
  | 'too-large'
  | 'unsupported-type'
  | 'unavailable'
  | 'server'
  | 'network';

/** What else the API said about a failure, beyond its kind (all optional: older APIs omit them). */
export interface ApiErrorDetails {
  /** The API's machine-readable code ("not_configured", "conflict", …). */
  code?: string;
  /** From Retry-After (503, 423) or the lockout message: how long until trying again makes sense. */
  retryAfterSeconds?: number;
  /** On a wrong password: failed sign-ins left before the account locks. */
  attemptsRemaining?: number;
}

/**
 * Every failure of an API call, in the terms the pages need to react to it. `message` is the
 * API's own wording, for logs and tests only: pages show the content's words (error-text.ts).
 */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    message: string,
    /** Field path ("activities.0.name") → the API's message for that field. */
    readonly fieldErrors: Record<string, string> = {},
    readonly details: ApiErrorDetails = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function kindForStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'too-large';
  if (status === 415) return 'unsupported-type';
  if (status === 423) return 'locked';
  if (status === 503) return 'unavailable';
  if (status === 400 || status === 422) return 'validation';
  return 'server';
}
