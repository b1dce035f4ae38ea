import type { ApiRuntimeConfig } from '@eapd/config';
import type { Logger } from 'pino';
import { createApp } from './app';
import { buildDeps } from './runtime';
import { exitOnSignals, startServer, type RunningServer } from './server';

/** Starts the API on config.port and wires graceful shutdown to SIGTERM/SIGINT. */
export async function serveApi(
  config: ApiRuntimeConfig,
  databaseUrl: string,
  logger: Logger,
  options: { host?: string; afterClose?: () => Promise<void> } = {},
): Promise<RunningServer> {
  const deps = buildDeps(config, databaseUrl, logger);
  const running = await startServer(createApp(deps), {
    port: config.port,
    host: options.host,
    lifecycle: deps.lifecycle,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    logger,
    onClosed: async () => {
      await deps.db.destroy();
      await options.afterClose?.();
    },
  });
  exitOnSignals(running, { timeoutMs: config.shutdownTimeoutMs, exit: (code) => process.exit(code), logger });
  return running;
}
