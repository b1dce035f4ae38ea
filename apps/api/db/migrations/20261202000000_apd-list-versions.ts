import type { Knex } from 'knex';

/**
 * A version number per state that goes up in the same transaction as any change to that
 * state's rows in `apds` (insert, update, delete, truncate: statement-level triggers, so a
 * bulk write bumps each state it touched once). The API's list-page cache
 * (src/apds/list-page-cache.ts) answers from a stored page only while the state's version
 * is still the one the page was read with; every instance and every other writer (psql, a
 * migration, an older release) moves it, so no notification has to reach anyone.
 *
 * Every new version comes from one sequence, so a version never repeats, even if a row were
 * deleted by hand and made again (a missing row reads as 0, which no write produces). Rows are
 * otherwise kept: every state that ever had an APD has one, so a truncate can move all of them.
 * Existing states get theirs here.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE SEQUENCE apd_list_version_numbers`);
  await knex.raw(`CREATE TABLE apd_list_versions (state_id text PRIMARY KEY, version bigint NOT NULL)`);
  await knex.raw(`INSERT INTO apd_list_versions (state_id, version) SELECT state_id, nextval('apd_list_version_numbers') FROM (SELECT DISTINCT state_id FROM apds) states`);
  // States in a fixed order: two statements touching the same states lock their rows alike.
  await knex.raw(`
    CREATE FUNCTION apd_list_versions_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        UPDATE apd_list_versions SET version = nextval('apd_list_version_numbers');
      ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO apd_list_versions (state_id, version)
          SELECT state_id, nextval('apd_list_version_numbers') FROM (SELECT DISTINCT state_id FROM new_rows ORDER BY state_id) changed
          ON CONFLICT (state_id) DO UPDATE SET version = nextval('apd_list_version_numbers');
      ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO apd_list_versions (state_id, version)
          SELECT state_id, nextval('apd_list_version_numbers') FROM (SELECT state_id FROM old_rows UNION SELECT state_id FROM new_rows ORDER BY state_id) changed
          ON CONFLICT (state_id) DO UPDATE SET version = nextval('apd_list_version_numbers');
      ELSE
        INSERT INTO apd_list_versions (state_id, version)
          SELECT state_id, nextval('apd_list_version_numbers') FROM (SELECT DISTINCT state_id FROM old_rows ORDER BY state_id) changed
          ON CONFLICT (state_id) DO UPDATE SET version = nextval('apd_list_version_numbers');
      END IF;
      RETURN NULL;
    END $$`);
  // One event per trigger: PostgreSQL allows transition tables only on single-event triggers.
  await knex.raw(`CREATE TRIGGER apd_list_versions_insert AFTER INSERT ON apds REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION apd_list_versions_bump()`);
  await knex.raw(`CREATE TRIGGER apd_list_versions_update AFTER UPDATE ON apds REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION apd_list_versions_bump()`);
  await knex.raw(`CREATE TRIGGER apd_list_versions_delete AFTER DELETE ON apds REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION apd_list_versions_bump()`);
  await knex.raw(`CREATE TRIGGER apd_list_versions_truncate AFTER TRUNCATE ON apds FOR EACH STATEMENT EXECUTE FUNCTION apd_list_versions_bump()`);
}

export async function down(knex: Knex): Promise<void> {
  for (const event of ['insert', 'update', 'delete', 'truncate']) await knex.raw(`DROP TRIGGER IF EXISTS apd_list_versions_${event} ON apds`);
  await knex.raw('DROP FUNCTION IF EXISTS apd_list_versions_bump()');
  await knex.raw('DROP TABLE IF EXISTS apd_list_versions');
  await knex.raw('DROP SEQUENCE IF EXISTS apd_list_version_numbers');
}
