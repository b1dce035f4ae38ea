/** One problem with one input field, as returned in 400 responses. */
export interface FieldProblem {
  /** Dotted path, prefixed with where it came from: "body.years.0", "query.limit", "params.id". */
  path: string;
  message: string;
}

/** What else an error answer carries for the client to act on. */
export interface HttpErrorExtras {
  /** Response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
  /** On a wrong password: failed sign-ins left before the lock (the web app warns with it). */
  attemptsRemaining?: number;
}

/** An error with an HTTP status and a message safe to show to the caller. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems?: FieldProblem[],
    readonly extras: HttpErrorExtras = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, problems?: FieldProblem[]) =>
  new HttpError(400, 'bad_request', message, problems);
export const unauthorized = (message = 'Sign in first: the session token is missing, invalid, expired or revoked.') =>
  new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
/** Also used for other states' resources, so their ids are not confirmed. */
export const notFound = (message = 'Not found.') => new HttpError(404, 'not_found', message);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);
export const payloadTooLarge = (message: string) => new HttpError(413, 'payload_too_large', message);
export const unsupportedMediaType = (message: string) => new HttpError(415, 'unsupported_media_type', message);
/** With `retryAfterSeconds`, a Retry-After header says when trying again can succeed. */
export const locked = (message: string, retryAfterSeconds?: number) =>
  new HttpError(423, 'locked', message, undefined, retryAfterSeconds === undefined ? {} : { headers: { 'Retry-After': String(retryAfterSeconds) } });
export const serviceUnavailable = (message: string) => new HttpError(503, 'unavailable', message);
