import knex, { type Knex } from 'knex';
import pg from 'pg';

// Counts and BIGINT sizes fit comfortably in a JS number for this app's data.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export function createKnex(databaseUrl: string, options: { poolMax?: number } = {}): Knex {
  return knex({
    client: 'pg',
    // pipeline: queries issued together go out together (see prepared.ts). knex itself
    // awaits each query before the next on a connection, so its own use is unchanged.
    connection: { connectionString: databaseUrl, pipeline: true } as Knex.PgConnectionConfig,
    pool: { min: 0, max: options.poolMax ?? 10 },
    // Fail fast instead of queueing forever when the database is gone.
    acquireConnectionTimeout: 10000,
  });
}

/** Replaces the database name in a postgres:// URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
