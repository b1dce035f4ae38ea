import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import type { Authenticator, Caller, PendingAuthentication } from '../auth/authenticate';
import { badRequest, unsupportedMediaType } from './errors';
import { malformedQuery } from './query-parser';
import { parseInput } from './validate';

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json when a schema is given. */
  contentType?: string;
}

/**
 * Everything the router and the OpenAPI document need to know about one endpoint. The
 * same zod schemas validate requests and generate the document, so they cannot drift.
 */
export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: HttpMethod;
  /** Express path under /api, e.g. "/apds/:id". */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** Requires a session token (Authorization: Bearer ...). */
  auth: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** multipart/form-data upload: the handler reads the stream itself. */
  multipart?: { fieldName: string; description: string };
  responses: Record<number, ResponseSpec>;
}

export interface RouteContext<P, Q, B> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
  /** Set when the route requires auth. */
  user: AuthUser;
}

/**
 * A response body that is already JSON (e.g. written by PostgreSQL): sent as it is. As UTF-8
 * bytes when it is sent many times (a cached page): Node then neither counts nor encodes it again.
 */
export class JsonText {
  constructor(readonly text: string | Buffer) {}
}

/**
 * JSON text goes out with `end(text)`: Node then writes the headers and the body in one
 * socket write. (Express' `send` turns a body over 1000 characters into a Buffer, which costs
 * a copy and a second buffer in the write; socket writes were the list route's largest cost.)
 */
function sendJson(res: Response, body: unknown): void {
  if (!(body instanceof JsonText)) {
    res.json(body);
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // No Content-Length here: end(body) on a response without headers yet counts the bytes itself.
  res.end(body.text);
}

/** A read: no response object, so it cannot answer before the session is confirmed. */
export interface ReadContext<P, Q> {
  req: Request;
  params: P;
  query: Q;
  /** From the token's claims; the route layer sends nothing unless the session check agrees. */
  user: Caller;
  /** From the session check (after it confirms): the user's state's APD list version. */
  stateListVersion: PendingAuthentication['stateListVersion'];
}

export interface Route {
  spec: RouteSpec;
  handler: (ctx: RouteContext<unknown, unknown, unknown>) => Promise<void>;
  /** Set by defineReadRoute: the body to answer 200 with. */
  read?: (ctx: ReadContext<unknown, unknown>) => Promise<unknown>;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

/** Routes that take no query parameters refuse any, like unknown body fields. */
const NO_QUERY = z.strictObject({});

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
  handler: (ctx: RouteContext<Out<P>, Out<Q>, Out<B>>) => Promise<void>,
): Route {
  return { spec: spec as unknown as RouteSpec, handler: handler as Route['handler'] };
}

/**
 * A GET that only reads and answers 200 with what `read` returns. With `auth`, the read runs
 * while the session check is in flight (two round trips at once instead of one after the
 * other), using the state and role the token was signed with; the response is sent only if
 * the check confirms the session and those claims, otherwise the caller gets the 401.
 */
export function defineReadRoute<P extends z.ZodType, Q extends z.ZodType>(
  spec: RouteSpec<P, Q, z.ZodType> & { method: 'get' },
  read: (ctx: ReadContext<Out<P>, Out<Q>>) => Promise<unknown | JsonText>,
): Route {
  const readAny = read as Route['read'] & object;
  return {
    spec: spec as unknown as RouteSpec,
    read: readAny,
    handler: async ({ req, res, params, query, user }) => {
      sendJson(res, await readAny({ req, params, query, user, stateListVersion: () => Promise.reject(new Error('This read has no session.')) }));
    },
  };
}

function readInputs(spec: RouteSpec, req: Request) {
  return {
    params: spec.params ? parseInput(spec.params, req.params, 'params') : undefined,
    query: readQuery(spec, req),
  };
}

/** Valid queries kept per route at most (the oldest goes first). */
const QUERY_MEMO_MAX = 500;
const validQueries = new WeakMap<RouteSpec, Map<string, unknown>>();

/**
 * The validated query. It depends on the query string alone, and clients repeat theirs (the
 * list's `?limit=50`), so a valid one is kept per route, frozen since requests share it:
 * validation was a few per cent of the list route's CPU in tools/bench/api. Invalid ones are
 * checked every time (they throw the 400 naming the fields).
 */
function readQuery(spec: RouteSpec, req: Request): unknown {
  const at = req.originalUrl.indexOf('?');
  const raw = at === -1 ? '' : req.originalUrl.slice(at + 1);
  let known = validQueries.get(spec);
  const kept = known?.get(raw);
  if (kept !== undefined) return kept;
  const malformed = malformedQuery(req.query);
  if (malformed.length) throw badRequest('The request query is invalid.', malformed);
  const query = deepFreeze(parseInput(spec.query ?? NO_QUERY, req.query, 'query'));
  if (!known) validQueries.set(spec, (known = new Map()));
  if (known.size >= QUERY_MEMO_MAX) known.delete(known.keys().next().value as string);
  known.set(raw, query);
  return query;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** An authenticated read: session check and read at once; the check decides what is sent. */
function concurrentRead(spec: RouteSpec, read: NonNullable<Route['read']>, authenticator: Authenticator): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(async () => {
        const pending = authenticator.begin(req.headers.authorization);
        // Tokens without state and role claims wait for the check, as writes do.
        const reading = (async () =>
          read({ req, ...readInputs(spec, req), user: pending.provisional ?? (await pending.confirmed), stateListVersion: pending.stateListVersion }))();
        const [session, result] = await Promise.allSettled([pending.confirmed, reading]);
        // A revoked, expired or changed session is a 401 whatever the read found (even a 400 or 404).
        if (session.status === 'rejected') throw session.reason;
        if (result.status === 'rejected') throw result.reason;
        res.locals['user'] = session.value;
        sendJson(res, result.value);
      })
      .catch(next);
  };
}

/** Registers routes: authentication (when required), input validation, then the handler. */
export function mountRoutes(router: Router, routes: Route[], authenticator: Authenticator): void {
  for (const { spec, handler, read } of routes) {
    if (spec.auth && read) {
      router[spec.method](spec.path, concurrentRead(spec, read, authenticator));
      continue;
    }
    const chain: RequestHandler[] = [];
    if (spec.auth) chain.push(authenticator.middleware);
    chain.push((req: Request, res: Response, next: NextFunction) => {
      Promise.resolve()
        .then(() => {
          if (spec.body && req.method !== 'GET' && !req.is('application/json')) {
            throw unsupportedMediaType('Send the request body as application/json.');
          }
          const ctx: RouteContext<unknown, unknown, unknown> = {
            req,
            res,
            ...readInputs(spec, req),
            body: spec.body ? parseInput(spec.body, req.body, 'body') : undefined,
            user: res.locals['user'] as AuthUser,
          };
          return handler(ctx);
        })
        .catch(next);
    });
    router[spec.method](spec.path, ...chain);
  }
}
