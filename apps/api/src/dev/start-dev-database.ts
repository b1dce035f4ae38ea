import { createKnex, withDatabase } from '../db/knex';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded';

export const DEV_DATABASE = 'eapd_dev';

/**
 * Starts (or reuses, between runs) an embedded PostgreSQL in `dataDirectory` and makes sure
 * the development database exists. Returns its URL and a stop function.
 */
export async function startDevDatabase(dataDirectory: string, log: (line: string) => void): Promise<{ url: string; server: EmbeddedPostgres }> {
  log(`starting embedded PostgreSQL (data in ${dataDirectory}) ...`);
  const started = Date.now();
  const server = await startEmbeddedPostgres({ dataDirectory });
  const admin = createKnex(server.url, { poolMax: 1 });
  try {
    const exists = await admin('pg_database').where({ datname: DEV_DATABASE }).first();
    if (!exists) await admin.raw('CREATE DATABASE ??', [DEV_DATABASE]);
  } finally {
    await admin.destroy();
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${server.port} in ${Date.now() - started} ms`);
  return { url: withDatabase(server.url, DEV_DATABASE), server };
}
