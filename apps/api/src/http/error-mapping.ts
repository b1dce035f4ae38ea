import { clientErrorFromDatabase, isDatabaseUnavailable } from '../db/database-errors';
import { HttpError } from './errors';

export interface ErrorBody {
  error: { code: string; message: string; problems?: { path: string; message: string }[]; attemptsRemaining?: number };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
  /** How loudly to log it: 5xx and database refusals of values that passed validation are worth a look. */
  log?: 'error' | 'warn';
}

/** Seconds a client should wait before retrying when the database cannot answer. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Maps anything thrown on a request path to a status and a JSON body. Errors raised by
 * Express' own body parsers carry `status`/`type`; they become 4xx, never 500. A database that
 * cannot answer is a 503 with Retry-After. Bodies never carry a stack, SQL or internal detail,
 * in any environment: those go to the log.
 */
export function mapError(err: unknown): MappedError {
  if (err instanceof HttpError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.problems) body.error.problems = err.problems;
    if (err.extras.attemptsRemaining !== undefined) body.error.attemptsRemaining = err.extras.attemptsRemaining;
    const headers = { ...(err.status === 503 && { 'Retry-After': String(RETRY_AFTER_SECONDS) }), ...err.extras.headers };
    return { status: err.status, body, ...(Object.keys(headers).length > 0 && { headers }) };
  }
  const parserError = err as { type?: string; status?: number } | undefined;
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return simple(400, 'malformed_json', 'The request body is not valid JSON.', [{ path: 'body', message: 'Send a JSON object.' }]);
    case 'entity.too.large':
      return simple(413, 'payload_too_large', 'The request body is too large.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return simple(415, 'unsupported_media_type', 'The request body encoding is not supported.');
    case 'request.aborted':
      return simple(400, 'aborted', 'The request was aborted by the client.', [{ path: 'body', message: 'The body ended early.' }]);
  }
  if (err instanceof URIError) {
    // Express could not percent-decode a path segment (e.g. "%E0%A4%A").
    return simple(400, 'bad_request', 'The request path is not valid percent-encoding.', [{ path: 'params', message: 'Not valid percent-encoding.' }]);
  }
  if (typeof parserError?.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
    // Other body-reading failures (a Content-Length the body does not match, …): the body is at fault.
    const problems = parserError.status === 400 ? [{ path: 'body', message: 'The body could not be read.' }] : undefined;
    return simple(parserError.status, 'bad_request', 'The request could not be processed.', problems);
  }
  if (isDatabaseUnavailable(err)) {
    return {
      ...simple(503, 'unavailable', `The database is not answering right now. Try again in ${RETRY_AFTER_SECONDS} seconds.`),
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      log: 'warn',
    };
  }
  const refused = clientErrorFromDatabase(err);
  if (refused?.reason === 'conflict') {
    return { ...simple(409, 'conflict', 'Something this request refers to changed meanwhile (it may have been deleted). Reload and try again.'), log: 'warn' };
  }
  if (refused?.reason === 'value') {
    return { ...simple(400, 'bad_request', 'A value in the request cannot be stored.'), log: 'warn' };
  }
  return { ...simple(500, 'internal', 'Something went wrong on our side; it has been logged.'), log: 'error' };
}

function simple(status: number, code: string, message: string, problems?: { path: string; message: string }[]): MappedError {
  return { status, body: { error: { code, message, ...(problems && { problems }) } } };
}
