/** `node migrate.js`: runs knex migrations (migrations/*.js next to this file) to latest using DATABASE_URL. */
import { databaseUrlFrom } from './db/database-config';
import { createKnex } from './db/knex';
import { builtDbFiles, migrateToLatest } from './db/migrator';

async function main(): Promise<number> {
  const databaseUrl = databaseUrlFrom(process.env);
  if (!databaseUrl) {
    console.error('migrate: DATABASE_URL is not set. Set it to the PostgreSQL URL to migrate, e.g. postgres://user:pass@host:5432/eapd');
    return 1;
  }
  const db = createKnex(databaseUrl, { poolMax: 1 });
  try {
    const ran = await migrateToLatest(db, builtDbFiles(__dirname), (m) => console.warn(`migrate: warning: ${m}`));
    console.log(ran.length ? `migrate: ran ${ran.length} migration(s):\n${ran.map((n) => `  ${n}`).join('\n')}` : 'migrate: already up to date');
    return 0;
  } catch (e) {
    console.error(`migrate: failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`migrate: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
