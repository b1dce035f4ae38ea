import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded';

/**
 * One PostgreSQL for the whole run. With DATABASE_URL set (CI's service container) we use
 * that server, but every test file still creates and drops its own database on it, so the
 * database named in the URL is never touched.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['DATABASE_URL']) {
    process.env['API_TEST_ADMIN_URL'] = process.env['DATABASE_URL'];
    return;
  }
  const parent = await mkdtemp(join(tmpdir(), 'eapd-api-test-'));
  const pg = await startEmbeddedPostgres({ dataDirectory: join(parent, 'pg'), persistent: false, fast: true });
  process.env['API_TEST_ADMIN_URL'] = pg.url;
  (globalThis as { __EAPD_PG__?: { stop(): Promise<void> } }).__EAPD_PG__ = pg;
}
