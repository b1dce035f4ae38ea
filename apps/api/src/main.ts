/**
 * The production server (dist/apps/api/main.js). Never starts an embedded database: it
 * needs DATABASE_URL. For local development use dev.js (`npx nx serve api`).
 */
import { loadApiRuntimeConfig } from '@eapd/config';
import { createLogger } from './http/logger';
import { serveApi } from './serve';

async function main(): Promise<void> {
  const config = loadApiRuntimeConfig(process.env);
  const logger = createLogger(config.logLevel);
  for (const notice of config.notices) logger.warn(notice);
  if (!config.databaseUrl) {
    logger.fatal('DATABASE_URL is not set: the production server needs a PostgreSQL URL (for a local database run `npx nx serve api`).');
    process.exit(1);
  }
  const running = await serveApi(config, config.databaseUrl, logger);
  logger.info({ port: running.port, nodeEnv: config.nodeEnv }, `eAPD API listening on port ${running.port}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
