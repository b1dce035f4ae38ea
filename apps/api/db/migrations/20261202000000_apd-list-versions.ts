import type { Knex } from 'knex';

/**
 * A version number per state that goes up in the same transaction as any change to that
 * state's rows in `apds` (insert, update, delete, truncate: statement-level triggers, so a
 * bulk write bumps each state it touched once). The API's list-page cache
 * (src/apds/list-page-cache.ts) answers from a stored page only while the state's version
 * is still the one the page was read with; every instance and every other writer (psql, a
 * migration, an older release) moves it, so no notification has to reach anyone.
 *
 * Rows are never deleted: every state that ever had an APD keeps its row, so a truncate can
 * bump all of them. Existing states get theirs here.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE apd_list_versions (state_id text PRIMARY KEY, version bigint NOT NULL)`);
  await knex.raw(`INSERT INTO apd_list_versions (state_id, version) SELECT DISTINCT state_id, 1 FROM apds`);
  // States in a fixed order: two statements touching the same states lock their rows alike.
  await knex.raw(`
    CREATE FUNCTION apd_list_versions_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        UPDATE apd_list_versions SET version = version + 1;
      ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO apd_list_versions AS v (state_id, version)
          SELECT DISTINCT state_id, 1 FROM new_rows ORDER BY state_id
          ON CONFLICT (state_id) DO UPDATE SET version = v.version + 1;
      ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO apd_list_versions AS v (state_id, version)
          SELECT state_id, 1 FROM (SELECT state_id FROM old_rows UNION SELECT state_id FROM new_rows) changed ORDER BY state_id
          ON CONFLICT (state_id) DO UPDATE SET version = v.version + 1;
      ELSE
        INSERT INTO apd_list_versions AS v (state_id, version)
          SELECT DISTINCT state_id, 1 FROM old_rows ORDER BY state_id
          ON CONFLICT (state_id) DO UPDATE SET version = v.version + 1;
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
}
