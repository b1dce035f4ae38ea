/**
 * The development entry (dist/apps/api/dev.js, run by `npx nx serve api`; excluded from the
 * production artifact). Without DATABASE_URL it starts an embedded PostgreSQL whose data
 * lives in API_DATA_DIR (default .data/postgres), migrates, runs the base and development
 * seeds, then serves the API. SIGINT/SIGTERM (Ctrl-C, `nx serve`'s stop, `npm start`'s) drain
 * in-flight requests like the production server, then stop the database.
 */
import { loadApiRuntimeConfig } from '@eapd/config';
import { resolve } from 'node:path';
import { createKnex } from './db/knex';
import { builtDbFiles, migrateToLatest, runSeeds } from './db/migrator';
import { DEMO_LOGIN } from './db/demo-data';
import { startDevDatabase } from './dev/start-dev-database';
import { createLogger, stdoutDestination } from './http/logger';
import { serveApi } from './serve';

// One asynchronous stream for these lines and the JSON log, so they come out in order.
const out = stdoutDestination();
// Whoever reads our output (nx serve, npm start) may be gone before we finish stopping: losing
// a log line then is fine, crashing on EPIPE before PostgreSQL is stopped is not.
out.on('error', () => undefined);
// Start-up lines are waited for by other tools (npm start, the browser test): out at once.
const say = (line: string) => {
  out.write(`[api] ${line}\n`);
  try {
    out.flush();
  } catch {
    // destroyed: the reader is gone (see above)
  }
};

async function main(): Promise<void> {
  const config = loadApiRuntimeConfig(process.env);
  if (config.nodeEnv === 'production') {
    throw new Error('dev.js is for development: with NODE_ENV=production run main.js with DATABASE_URL set.');
  }
  const logger = createLogger(config.logLevel, out);
  for (const notice of config.notices) say(notice);

  let databaseUrl = config.databaseUrl;
  let stopDatabase: (() => Promise<void>) | undefined;
  // Until the server is up (and takes over SIGINT/SIGTERM to drain), a signal stops what has
  // started, PostgreSQL included, instead of leaving it running behind us.
  const duringStartUp = (signal: NodeJS.Signals) => {
    say(`${signal} during start-up: stopping`);
    void (stopDatabase?.() ?? Promise.resolve()).finally(() => process.exit(1));
  };
  process.once('SIGINT', duringStartUp);
  process.once('SIGTERM', duringStartUp);
  if (!databaseUrl) {
    const dataDirectory = resolve(process.env['API_DATA_DIR'] || '.data/postgres');
    const { url, server } = await startDevDatabase(dataDirectory, say);
    databaseUrl = url;
    stopDatabase = async () => {
      say('stopping embedded PostgreSQL ...');
      await server.stop();
    };
  } else {
    say('using DATABASE_URL');
  }

  try {
    const db = createKnex(databaseUrl, { poolMax: 1 });
    try {
      const files = builtDbFiles(__dirname);
      const ran = await migrateToLatest(db, files);
      say(ran.length ? `migrations run: ${ran.join(', ')}` : 'migrations: up to date');
      await runSeeds(db, files, 'base');
      await runSeeds(db, files, 'development');
    } finally {
      await db.destroy();
    }
    // From here SIGINT/SIGTERM drain in-flight requests first, then stop PostgreSQL (afterClose).
    const running = await serveApi(config, databaseUrl, logger, { host: '127.0.0.1', afterClose: stopDatabase });
    process.off('SIGINT', duringStartUp);
    process.off('SIGTERM', duringStartUp);
    say(`API listening on ${running.url}/api  (health: ${running.url}/api/health, docs: ${running.url}/api/openapi.json)`);
    say(`demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
    say(`files stored in ${config.filesS3Bucket ? `s3://${config.filesS3Bucket}` : resolve(config.filesDirectory)}; Ctrl-C stops everything`);
  } catch (e) {
    await stopDatabase?.();
    throw e;
  }
}

main().catch((e) => {
  console.error(`[api] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
