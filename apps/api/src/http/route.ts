import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { unsupportedMediaType } from './errors';
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

export interface Route {
  spec: RouteSpec;
  handler: (ctx: RouteContext<unknown, unknown, unknown>) => Promise<void>;
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

/** Registers routes: authentication (when required), input validation, then the handler. */
export function mountRoutes(router: Router, routes: Route[], authenticate: RequestHandler): void {
  for (const { spec, handler } of routes) {
    const chain: RequestHandler[] = [];
    if (spec.auth) chain.push(authenticate);
    chain.push((req: Request, res: Response, next: NextFunction) => {
      Promise.resolve()
        .then(() => {
          if (spec.body && req.method !== 'GET' && !req.is('application/json')) {
            throw unsupportedMediaType('Send the request body as application/json.');
          }
          const ctx: RouteContext<unknown, unknown, unknown> = {
            req,
            res,
            params: spec.params ? parseInput(spec.params, req.params, 'params') : undefined,
            query: parseInput(spec.query ?? NO_QUERY, req.query, 'query'),
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
