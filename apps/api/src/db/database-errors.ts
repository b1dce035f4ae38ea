/**
 * Sorts errors from knex / node-postgres into what the caller should hear. Only codes and
 * error names are inspected: messages of PostgreSQL errors carry SQL and values, and never
 * reach a response.
 */

/** Socket-level failures reaching the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);

/**
 * SQLSTATEs meaning "not now" rather than "never": the server is starting, stopping or out of
 * connections, the statement ran out of time or lost a lock race. Retrying later can succeed.
 */
const RETRYABLE_SQLSTATES = new Set([
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout
  '55P03', // lock_not_available
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/**
 * node-postgres and knex failures that have no code: the connection died or never came. knex
 * puts the SQL in front of the driver's message ("select … - Query read timeout").
 */
const CLIENT_MESSAGES = [
  'Connection terminated',
  'Query read timeout',
  'timeout expired', // connectionTimeoutMillis: connected, but the server never finished the handshake
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed',
  'Connection ended unexpectedly',
  'Unable to acquire a connection',
].map((text) => new RegExp(`(?:^| - )${text}`));

interface MaybeDbError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** True when the database could not answer (down, frozen, unreachable, overloaded): a 503, not a 500. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as MaybeDbError;
  if (e.name === 'KnexTimeoutError') return true; // no pool connection within acquireConnectionTimeout
  if (typeof e.code === 'string') {
    if (NETWORK_CODES.has(e.code) || RETRYABLE_SQLSTATES.has(e.code)) return true;
    // Class 08: connection exception; 57P01-57P05: admin/crash shutdown, cannot connect now, idle timeouts.
    if (/^08[0-9A-Z]{3}$/.test(e.code) || /^57P0[1-5]$/.test(e.code)) return true;
  }
  if (typeof e.message === 'string' && CLIENT_MESSAGES.some((m) => m.test(e.message as string))) return true;
  // Node's dual-stack connect reports every failed address at once.
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isDatabaseUnavailable);
}

/**
 * What a PostgreSQL constraint or data error says about the request, when validation let a
 * value through that the database refused (a race, or a gap in a schema): a 4xx, never a 500.
 */
export function clientErrorFromDatabase(err: unknown): { status: 400 | 409; reason: 'conflict' | 'value' } | undefined {
  const code = (err as MaybeDbError | undefined)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  // 23503: a row it refers to is gone (e.g. the APD was deleted during an upload); 23505: a duplicate.
  if (code === '23503' || code === '23505' || code === '23P01') return { status: 409, reason: 'conflict' };
  // Class 22, data exception: a value PostgreSQL cannot store or compare (NUL, out of range, …).
  if (code.startsWith('22')) return { status: 400, reason: 'value' };
  return undefined;
}
