import type { ApiRuntimeConfig } from '@eapd/config';
import type { Logger } from 'pino';
import { createApp } from './app';
import { buildDeps } from './runtime';
import { resolveApiVersion } from './version';
import { exitOnSignals, startServer, type RunningServer } from './server';

/** Starts the API on config.port and wires graceful shutdown to SIGTERM/SIGINT. */
export async function serveApi(
  config: ApiRuntimeConfig,
  databaseUrl: string,
  logger: Logger,
  options: { host?: string; afterClose?: () => Promise<void> } = {},
): Promise<RunningServer> {
  // main.js and dev.js sit beside the artifact's manifest.json, which names the commit.
  const { version, source } = resolveApiVersion(__dirname);
  logger.info({ version, versionSource: source }, `eAPD API version ${version}`);
  const deps = buildDeps(config, databaseUrl, logger, version);
  // Uploads cut off by a crash or kill -9 of an earlier run leave partial writes behind.
  const swept = await deps.fileStore.sweepAbandonedWrites?.().catch((e: unknown) => {
    logger.warn({ err: e }, 'could not sweep unfinished uploads');
    return 0;
  });
  if (swept) logger.info({ swept }, `removed ${swept} unfinished upload(s) left by an interrupted run`);
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
