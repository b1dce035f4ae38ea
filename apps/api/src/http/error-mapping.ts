import { HttpError } from './errors';

export interface ErrorBody {
  error: { code: string; message: string; problems?: { path: string; message: string }[]; stack?: string };
}

/**
 * Maps anything thrown on a request path to a status and a JSON body. Errors raised by
 * Express' own body parsers carry `status`/`type`; they become 4xx, never 500. Stack
 * traces are included only when `exposeStack` (never in production).
 */
export function mapError(err: unknown, exposeStack: boolean): { status: number; body: ErrorBody } {
  if (err instanceof HttpError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.problems) body.error.problems = err.problems;
    return { status: err.status, body };
  }
  const parserError = err as { type?: string; status?: number; expose?: boolean } | undefined;
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return simple(400, 'malformed_json', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return simple(413, 'payload_too_large', 'The request body is too large.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return simple(415, 'unsupported_media_type', 'The request body encoding is not supported.');
    case 'request.aborted':
      return simple(400, 'aborted', 'The request was aborted by the client.');
  }
  if (typeof parserError?.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
    return simple(parserError.status, 'bad_request', 'The request could not be processed.');
  }
  const body: ErrorBody = { error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } };
  // Not `instanceof Error`: errors from other realms (vm contexts, some libraries) fail it.
  const stack = (err as { stack?: unknown } | undefined)?.stack;
  if (exposeStack && typeof stack === 'string') body.error.stack = stack;
  return { status: 500, body };
}

function simple(status: number, code: string, message: string): { status: number; body: ErrorBody } {
  return { status, body: { error: { code, message } } };
}
