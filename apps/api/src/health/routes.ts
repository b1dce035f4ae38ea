import { z } from 'zod';
import type { AppDeps } from '../app-deps';
import { RETRY_AFTER_SECONDS } from '../http/error-mapping';
import { defineRoute, type Route } from '../http/route';

const healthSchema = z.object({ status: z.enum(['ok', 'unavailable']), version: z.string(), reason: z.string().optional() }).meta({ id: 'Health' });

const DB_CHECK_TIMEOUT_MS = 2000;

/** The load balancer's health check: 503 while draining or when the database does not answer. */
export function healthRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get', path: '/health', operationId: 'getHealth', tag: 'health', auth: false,
        summary: 'Health check (database reachable, not shutting down)',
        responses: {
          200: { description: 'Healthy.', schema: healthSchema },
          503: { description: 'Shutting down, or the database is unreachable.', schema: healthSchema },
        },
      },
      async ({ res }) => {
        res.set('Cache-Control', 'no-store');
        if (deps.lifecycle.draining) {
          res.status(503).json({ status: 'unavailable', version: deps.version, reason: 'shutting down' });
          return;
        }
        try {
          await withTimeout(deps.db.raw('select 1'), DB_CHECK_TIMEOUT_MS);
          res.json({ status: 'ok', version: deps.version });
        } catch (e) {
          deps.logger.warn({ err: e }, 'health check: database unreachable');
          res.set('Retry-After', String(RETRY_AFTER_SECONDS));
          res.status(503).json({ status: 'unavailable', version: deps.version, reason: 'database unreachable' });
        }
      },
    ),
  ];
}

function withTimeout<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve(promise),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
