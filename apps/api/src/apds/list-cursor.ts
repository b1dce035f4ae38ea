/**
 * The `after` cursor of GET /api/apds: the position of the last APD of a page in the list's
 * order (updated_at descending, then id descending). Opaque to clients (base64url), exact to
 * the microsecond PostgreSQL stores, so the next page starts right after that row however many
 * rows were added or changed meanwhile, and costs the same on page 1 000 as on page 2.
 */
export interface ListPosition {
  /** updated_at as ISO 8601 in UTC with microseconds, e.g. 2027-01-02T03:04:05.123456Z. */
  updatedAt: string;
  id: string;
}

/** Between the time and the id in a position (a character neither contains). */
export const LIST_CURSOR_SEPARATOR = '~';
const POSITION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The cursor as PostgreSQL writes it (see apds-repo.ts): "<updated_at>~<id>", then base64url. */
export function encodeListCursor(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one this API wrote. */
export function decodeListCursor(cursor: string): ListPosition | undefined {
  if (!BASE64URL.test(cursor) || cursor.length > 100) return undefined;
  const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || Number.isNaN(Date.parse(match[1]))) return undefined;
  return { updatedAt: match[1], id: match[2] };
}
