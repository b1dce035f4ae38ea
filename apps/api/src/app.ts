import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { AppDeps } from './app-deps';
import { apdRoutes } from './apds/routes';
import { createAuthenticator } from './auth/authenticate';
import { authRoutes } from './auth/routes';
import { fileRoutes } from './files/routes';
import { healthRoutes } from './health/routes';
import { mapError } from './http/error-mapping';
import { notFound } from './http/errors';
import { parseQuery } from './http/query-parser';
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

  app.use(
    pinoHttp({
      logger: deps.logger,
      // Health checks every few seconds would drown everything else.
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      // The client's address as Express sees it: honours TRUST_PROXY behind the load balancer.
      customProps: (req) => ({ clientIp: (req as Request).ip }),
      // Lean request lines: serialising every header on every request cost a large share of
      // the list route's throughput in tools/bench/api. Credentials are never among these.
      serializers: {
        req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          userAgent: req.headers['user-agent'],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  app.use(helmet());
  app.use((_req: Request, res: Response, next: NextFunction) => {
    // Answers carry session tokens and other states' data: no browser or proxy may keep them.
    // (File downloads set their own, equally strict, header.)
    res.setHeader('Cache-Control', 'no-store');
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
    if (log) (req.log ?? deps.logger)[log]({ err, status }, status >= 500 ? 'request failed' : 'request refused by the database');
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
