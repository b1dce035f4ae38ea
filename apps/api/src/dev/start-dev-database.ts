import { createHash } from 'node:crypto';
import { lstat, mkdir, readlink, rm, symlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createKnex, withDatabase } from '../db/knex';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded';
import { sharedTemporaryFolder } from '../db/embedded/binaries';
import { canUse, postgresAccount } from '../db/embedded/run-as';

export const DEV_DATABASE = 'eapd_dev';

/**
 * Starts (or reuses, between runs) an embedded PostgreSQL in `dataDirectory` and makes sure
 * the development database exists. Returns its URL and a stop function.
 */
export async function startDevDatabase(dataDirectory: string, log: (line: string) => void): Promise<{ url: string; server: EmbeddedPostgres }> {
  const reachable = await reachableDataDirectory(dataDirectory, log);
  log(`starting embedded PostgreSQL (data in ${reachable}) ...`);
  const started = Date.now();
  const server = await startEmbeddedPostgres({ dataDirectory: reachable, onLog: log });
  const admin = createKnex(server.url, { poolMax: 1 });
  try {
    const exists = await admin('pg_database').where({ datname: DEV_DATABASE }).first();
    if (!exists) await admin.raw('CREATE DATABASE ??', [DEV_DATABASE]);
  } catch (e) {
    await server.stop();
    throw e;
  } finally {
    await admin.destroy();
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${server.port} in ${Date.now() - started} ms`);
  return { url: withDatabase(server.url, DEV_DATABASE), server };
}

/**
 * Running as root from a checkout under a private folder (a 0700 home, `mktemp -d`), the
 * `postgres` user PostgreSQL runs as cannot enter `.data/postgres`. The cluster then lives in a
 * shared temporary folder it can reach, and `.data/postgres` becomes a link to it, so the link
 * says where the data is and deleting `.data/` still starts over (a new link gets a fresh cluster).
 */
export async function reachableDataDirectory(requested: string, log: (line: string) => void): Promise<string> {
  const account = await postgresAccount();
  const wanted = resolve(requested);
  await mkdir(dirname(wanted), { recursive: true });
  const existing = await lstat(wanted).catch(() => undefined);
  if (existing?.isSymbolicLink()) {
    const target = resolve(dirname(wanted), await readlink(wanted));
    if (canUse(dirname(target), account, 'enter')) return target;
  }
  if (!account || canUse(dirname(wanted), account, 'enter')) return wanted;

  const home = join(sharedTemporaryFolder(), `eapd-postgres-${createHash('sha256').update(wanted).digest('hex').slice(0, 12)}`);
  const target = join(home, 'data');
  if (existing) {
    log(`the postgres user cannot enter ${dirname(wanted)} (a private folder on the way), so ${wanted} cannot be used: keeping the database in ${target}`);
    return target;
  }
  await rm(home, { recursive: true, force: true }); // a cluster whose link was deleted with .data/
  await mkdir(home, { recursive: true, mode: 0o755 });
  await symlink(target, wanted);
  log(`the postgres user cannot enter ${dirname(wanted)} (a private folder on the way): the database lives in ${target}, linked from ${wanted}`);
  return target;
}
