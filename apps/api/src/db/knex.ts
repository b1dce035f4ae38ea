import knex, { type Knex } from 'knex';
import pg from 'pg';

// Counts and BIGINT sizes fit comfortably in a JS number for this app's data.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export interface KnexOptions {
  poolMax?: number;
  /**
   * For the serving API (DATABASE_STATEMENT_TIMEOUT_MS), never for migrations: PostgreSQL cancels
   * a statement running longer than this, and the client stops waiting on a database that does
   * not answer at all (stopped, frozen, unreachable) shortly after, so a request answers 503
   * instead of hanging.
   */
  statementTimeoutMs?: number;
}

/** How much longer than the server's statement_timeout the client waits: the server's cancel normally comes first. */
const CLIENT_MARGIN_MS = 1000;

export function createKnex(databaseUrl: string, options: KnexOptions = {}): Knex {
  const timeout = options.statementTimeoutMs;
  return knex({
    client: 'pg',
    connection: {
      connectionString: databaseUrl,
      // pipeline: queries issued together go out together (see prepared.ts). knex itself
      // awaits each query before the next on a connection, so its own use is unchanged.
      pipeline: true,
      ...(timeout && {
        statement_timeout: timeout,
        // A frozen server never sends the cancel: node-postgres then fails the query itself and,
        // in pipeline mode, destroys the connection (knex drops it from the pool), so a late
        // answer can never reach the next query on that connection.
        query_timeout: timeout + CLIENT_MARGIN_MS,
        connectionTimeoutMillis: timeout,
      }),
    } as Knex.PgConnectionConfig,
    pool: { min: 0, max: options.poolMax ?? 10 },
    // Fail instead of queueing forever when the database is gone or every connection is stuck.
    acquireConnectionTimeout: timeout ? timeout + CLIENT_MARGIN_MS : 10000,
    log: quietLog,
  });
}

/**
 * knex prints pool trouble ("Connection Error: …") with console.*; the API reports database
 * failures itself (503 and a log line per request), so these would only repeat them unstructured.
 */
const quietLog = {
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  deprecate: (method: string, alternative: string) => console.warn(`knex: ${method} is deprecated, use ${alternative}`),
};

/** Replaces the database name in a postgres:// URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
