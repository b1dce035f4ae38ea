import type { Knex } from 'knex';

/**
 * Indexes that serve GET /api/apds exactly: its filter (state), its order (latest change
 * first, then id) and its keyset condition `(updated_at, id) < (…)`, so any page reads only
 * the rows it returns, at 50 APDs or 50 000. The previous (state_id, updated_at) index could
 * not order ties, and the btree on `name` never served the substring search: both go
 * (dropping an index changes no query's result, so an older release still runs on this schema).
 *
 * Search (`name ilike '%…%'`) uses a trigram index when the server has pg_trgm (it ships with
 * PostgreSQL's contrib: the embedded server, Debian's packages and RDS all have it, and since
 * PostgreSQL 13 the database owner may create it). Where it cannot be created, search still
 * works, by reading the state's rows: that is logged, not fatal.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX apds_state_latest ON apds (state_id, updated_at DESC, id DESC)');
  await knex.raw('CREATE INDEX apds_latest ON apds (updated_at DESC, id DESC)');
  await knex.raw('DROP INDEX IF EXISTS apds_state_id_updated_at_index');
  await knex.raw('DROP INDEX IF EXISTS apds_name_index');
  if (await createTrigramExtension(knex)) {
    // fastupdate off: new names go straight into the index instead of a pending list that every
    // search would read through until the next vacuum. APDs are written far less than listed.
    await knex.raw('CREATE INDEX apds_name_trigram ON apds USING gin (name gin_trgm_ops) WITH (fastupdate = off)');
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS apds_name_trigram');
  await knex.raw('DROP INDEX IF EXISTS apds_latest');
  await knex.raw('DROP INDEX IF EXISTS apds_state_latest');
  await knex.raw('CREATE INDEX IF NOT EXISTS apds_state_id_updated_at_index ON apds (state_id, updated_at)');
  await knex.raw('CREATE INDEX IF NOT EXISTS apds_name_index ON apds (name)');
  // pg_trgm stays: other objects may use it, and it costs nothing unused.
}

/** True when pg_trgm is (now) installed. A refusal is undone by a savepoint, not the whole migration. */
async function createTrigramExtension(knex: Knex): Promise<boolean> {
  const available = await knex.raw<{ rows: unknown[] }>(`select 1 from pg_available_extensions where name = 'pg_trgm'`);
  if (available.rows.length === 0) {
    console.warn('pg_trgm is not available on this PostgreSQL server: APD search will read the rows of the state instead of an index.');
    return false;
  }
  try {
    await knex.raw('SAVEPOINT trigram');
    await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await knex.raw('RELEASE SAVEPOINT trigram');
    return true;
  } catch (e) {
    await knex.raw('ROLLBACK TO SAVEPOINT trigram');
    console.warn(`Could not create the pg_trgm extension (${(e as Error).message}): APD search will read the rows of the state instead of an index.`);
    return false;
  }
}
