import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from './app-deps';
import { apdRoutes } from './apds/routes';
import { createAuthenticator } from './auth/authenticate';
import { authRoutes } from './auth/routes';
import { fileRoutes } from './files/routes';
import { healthRoutes } from './health/routes';
import { accessLog } from './http/access-log';
import { mapError } from './http/error-mapping';
import { notFound } from './http/errors';
import { parseQuery } from './http/query-parser';
import { helmetHeaders } from './http/security-headers';
import { mountRoutes, type Route } from './http/route';
import { buildOpenApiDocument } from './openapi/document';
import { userRoutes } from './users/routes';

export const JSON_BODY_LIMIT = '256kb';

export function allRoutes(deps: AppDeps): Route[] {
  return [...healthRoutes(deps), ...authRoutes(deps), ...userRoutes(), ...apdRoutes(deps), ...fileRoutes(deps)];
}

/** Builds the Express app from its dependencies. Does not listen: main.ts and tests do that. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  // Flat query strings (no nested objects from "a[b]=c"), and malformed encoding is a 400.
  app.set('query parser', parseQuery);

  // Every answer says Cache-Control: no-store, so an ETag could never be used: don't hash bodies for one.
  app.set('etag', false);

  // Health checks every few seconds would drown everything else.
  app.use(accessLog(deps.logger, { quietPaths: new Set(['/api/health']) }));
  const headers = [
    ...helmetHeaders(),
    // Answers carry session tokens and other states' data: no browser or proxy may keep them.
    // (File downloads set their own, equally strict, header.)
    ['Cache-Control', 'no-store'],
  ] as const;
  app.use((_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    // While draining, ask keep-alive clients to reconnect (to another instance).
    if (deps.lifecycle.draining) res.setHeader('Connection', 'close');
    next();
  });
  app.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));

  const routes = allRoutes(deps);
  const document = buildOpenApiDocument(routes, deps.version);
  const api = express.Router();
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  mountRoutes(api, routes, createAuthenticator(deps));
  app.use('/api', api);

  app.use((_req: Request, _res: Response, next: NextFunction) => next(notFound('No such endpoint. See /api/openapi.json.')));
  // Express recognises error handlers by their four parameters.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, body, headers, log } = mapError(err);
    // The stack and any SQL go to the log only, never into the response.
    if (log) deps.logger[log]({ err, status, req: { id: req.id, method: req.method, url: req.originalUrl } }, status >= 500 ? 'request failed' : 'request refused by the database');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // Node's own API: an error raised before Express set up the response (in its first
    // middleware) meets a response without Express's helpers.
    res.statusCode = status;
    for (const [name, value] of Object.entries({ ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })) {
      res.setHeader(name, value);
    }
    res.end(JSON.stringify(body));
  });
  return app;
}
