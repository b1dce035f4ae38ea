/** `node seed.js <base|development|test>`: runs one seed set (seeds/<set>/*.js next to this file) using DATABASE_URL. */
import { databaseUrlFrom } from './db/database-config';
import { createKnex } from './db/knex';
import { builtDbFiles, runSeeds, SEED_SETS, type SeedSet } from './db/migrator';

async function main(argv: string[]): Promise<number> {
  const set = argv[0] as SeedSet;
  if (!SEED_SETS.includes(set)) {
    console.error(`usage: node seed.js <${SEED_SETS.join('|')}>`);
    return 2;
  }
  const databaseUrl = databaseUrlFrom(process.env);
  if (set === 'test' && process.env['NODE_ENV'] === 'production') {
    // The test seed deletes data to put known rows in place.
    console.error('seed: refusing to run the "test" seed set with NODE_ENV=production.');
    return 1;
  }
  if (!databaseUrl) {
    console.error('seed: DATABASE_URL is not set. Set it to the PostgreSQL URL to seed.');
    return 1;
  }
  const db = createKnex(databaseUrl, { poolMax: 1 });
  try {
    const ran = await runSeeds(db, builtDbFiles(__dirname), set);
    console.log(`seed: ran ${ran.length} "${set}" seed file(s)`);
    return 0;
  } catch (e) {
    console.error(`seed: "${set}" failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`seed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
