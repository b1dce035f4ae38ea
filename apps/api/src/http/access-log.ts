import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Level, Logger } from 'pino';

/** A request's number in this process, for matching its error lines to its access line. */
export type RequestId = number;

declare module 'express-serve-static-core' {
  interface Request {
    id?: RequestId;
  }
}

export interface AccessLogOptions {
  /** Paths never logged (the load balancer's health checks; the health route logs its own failures). */
  quietPaths?: ReadonlySet<string>;
}

/**
 * One line per finished request: method, URL, status, time, client address (as Express sees
 * it, honouring TRUST_PROXY), user agent. Nothing else of the request is read, so no header,
 * cookie or body can reach the log from here.
 *
 * Written instead of pino-http because that built a child logger and serialised the request
 * for every request, a visible share of the list route's CPU in tools/bench/api; this builds
 * one small object when the response has gone out.
 */
export function accessLog(logger: Logger, options: AccessLogOptions = {}): RequestHandler {
  const quiet = options.quietPaths ?? new Set<string>();
  // The line holds only the fields below, none of them a credential: the logger's redaction
  // (a walk of every key for its wildcard paths, half the cost of a line) has nothing to do here.
  const lines = logger.child({}, { redact: { paths: [] } });
  let lastId = 0;
  return (req: Request, res: Response, next: NextFunction) => {
    const id = ++lastId;
    req.id = id;
    if (quiet.has(req.originalUrl)) return next();
    const started = performance.now();
    // 'close' follows every response, finished or cut off (Node >= 16).
    res.once('close', () => {
      const status = res.statusCode;
      const aborted = !res.writableFinished;
      const level: Level = aborted || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      lines[level](
        {
          req: { id, method: req.method, url: req.originalUrl, userAgent: req.headers['user-agent'] },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - started),
          clientIp: req.ip,
        },
        aborted ? 'request aborted' : 'request completed',
      );
    });
    next();
  };
}
