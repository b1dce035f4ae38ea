import type { Express } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Lifecycle } from './health/lifecycle';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** Drains and closes; resolves when done (idempotent). `timedOut` when connections had to be cut. */
  shutdown(reason: string): Promise<{ timedOut: boolean }>;
}

export interface StartServerOptions {
  port: number;
  host?: string;
  lifecycle: Lifecycle;
  shutdownTimeoutMs: number;
  logger: Logger;
  /** Runs after the HTTP server closed, e.g. closing the database pool. */
  onClosed?: () => Promise<void>;
}

export async function startServer(app: Express, options: StartServerOptions): Promise<RunningServer> {
  const server = createServer(app);
  // Longer than the load balancer's idle timeout (60 s on an ALB), so the balancer
  // closes idle connections first and never sends on one we are closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let shuttingDown: Promise<{ timedOut: boolean }> | undefined;

  const shutdown = (reason: string) => {
    shuttingDown ??= (async () => {
      const { logger, lifecycle } = options;
      logger.info({ reason, timeoutMs: options.shutdownTimeoutMs }, 'shutting down: draining in-flight requests');
      // From here /api/health answers 503 and responses ask clients to reconnect elsewhere.
      lifecycle.draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // close() only drops connections idle at that moment; keep-alive connections whose
      // request finishes later would otherwise linger until their keep-alive timeout.
      const sweeper = setInterval(() => server.closeIdleConnections(), 50);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        closed.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), options.shutdownTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      clearInterval(sweeper);
      if (timedOut) {
        logger.warn('shutdown timeout reached: closing the remaining connections');
        server.closeAllConnections();
        await closed;
      }
      await options.onClosed?.();
      logger.info({ timedOut }, 'shut down');
      return { timedOut };
    })();
    return shuttingDown;
  };

  return { server, port, url: `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`, shutdown };
}

export interface SignalTarget {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/**
 * SIGTERM/SIGINT (PM2 restart/stop, Ctrl-C) start a graceful shutdown, then exit. A second
 * signal, or the shutdown taking longer than its budget plus a margin, exits at once.
 */
export function exitOnSignals(
  running: Pick<RunningServer, 'shutdown'>,
  options: { timeoutMs: number; exit: (code: number) => void; target?: SignalTarget; logger: Logger },
): void {
  const target = options.target ?? process;
  let received = false;
  const onSignal = (signal: string) => () => {
    if (received) {
      options.logger.warn(`${signal} again: exiting now`);
      options.exit(1);
      return;
    }
    received = true;
    target.once(signal as 'SIGTERM', onSignal('second'));
    const guard = setTimeout(() => {
      options.logger.error('shutdown did not finish in time: exiting');
      options.exit(1);
    }, options.timeoutMs + 2000);
    guard.unref();
    running.shutdown(signal).then(
      () => {
        clearTimeout(guard);
        options.exit(0);
      },
      (e) => {
        options.logger.error({ err: e }, 'shutdown failed');
        options.exit(1);
      },
    );
  };
  target.once('SIGTERM', onSignal('SIGTERM'));
  target.once('SIGINT', onSignal('SIGINT'));
}
