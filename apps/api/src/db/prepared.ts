import type { Knex } from 'knex';
import type { QueryResultRow } from 'pg';

/** A named SQL statement: PostgreSQL parses and plans it once per connection, not per request. */
export interface PreparedStatement {
  name: string;
  text: string;
}

interface PgConnection {
  query<R extends QueryResultRow>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
  connection?: { stream?: { cork?: () => void; uncork?: () => void } };
}

interface Queued {
  statement: PreparedStatement;
  values: unknown[];
  resolve: (rows: QueryResultRow[]) => void;
  reject: (error: unknown) => void;
}

const batches = new WeakMap<Knex, Queued[]>();

/** Statements per write at most: a long pipeline would make the first requests wait for the last. */
const MAX_BATCH = 16;

/**
 * Runs a prepared statement on a connection from knex's pool. For the hottest reads only
 * (the session check, the APD list): the query builder and an unnamed statement cost a
 * measurable share of their time in tools/bench/api. Values are always bound parameters.
 *
 * Statements asked for in the same turn of the event loop share one connection and go out in
 * ONE write, pipelined (createKnex turns on node-postgres's `pipeline` mode): an authenticated
 * read's query and its session check, and under load those of every request that arrived in
 * the same turn. Each socket write to PostgreSQL and each backend woken up was the largest
 * single cost of the list route. Each statement still has its own Sync, so one failing does
 * not affect the others. A batch holds at most MAX_BATCH statements; more start another.
 */
export function queryPrepared<R extends QueryResultRow>(db: Knex, statement: PreparedStatement, values: unknown[]): Promise<R[]> {
  return new Promise<R[]>((resolve, reject) => {
    let batch = batches.get(db);
    if (!batch || batch.length >= MAX_BATCH) {
      const fresh: Queued[] = [];
      batch = fresh;
      batches.set(db, fresh);
      // setImmediate runs once the poll phase has handed over every socket that was ready:
      // requests that arrived together are sent together.
      setImmediate(() => void runBatch(db, fresh));
    }
    batch.push({ statement, values, resolve: resolve as Queued['resolve'], reject });
  });
}

async function runBatch(db: Knex, batch: Queued[]): Promise<void> {
  if (batches.get(db) === batch) batches.delete(db);
  let connection: PgConnection;
  try {
    connection = (await db.client.acquireConnection()) as PgConnection;
  } catch (e) {
    for (const queued of batch) queued.reject(e);
    return;
  }
  try {
    const stream = connection.connection?.stream;
    stream?.cork?.();
    let results: Promise<{ rows: QueryResultRow[] }>[];
    try {
      results = batch.map(({ statement, values }) => connection.query({ name: statement.name, text: statement.text, values }));
    } finally {
      stream?.uncork?.(); // a corked socket would hold every later query on this connection
    }
    const settled = await Promise.allSettled(results);
    settled.forEach((result, i) => (result.status === 'fulfilled' ? batch[i].resolve(result.value.rows) : batch[i].reject(result.reason)));
  } catch (e) {
    for (const queued of batch) queued.reject(e); // no-op for those already settled
  } finally {
    await db.client.releaseConnection(connection);
  }
}
