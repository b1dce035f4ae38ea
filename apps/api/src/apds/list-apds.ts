import type { Knex } from 'knex';
import { queryPrepared, type PreparedStatement } from '../db/prepared';
import { encodeListCursor, LIST_CURSOR_SEPARATOR, type ListPosition } from './list-cursor';

export interface ApdListFilter {
  /** One state, none (an empty list) or all of them (admins): see listableStates. */
  states: [] | [string] | 'all';
  year?: number;
  q?: string;
  limit: number;
  /** Rows to skip (after `after`, when both are given). Costs O(offset): prefer `after`. */
  offset: number;
  /** Start right after this row (keyset pagination): the same cost on every page. */
  after?: ListPosition;
}

export interface ApdListPage {
  /** The page's summaries ({id,state,name,years,version,createdAt,updatedAt}) as JSON text. */
  itemsJson: string;
  /** Matching APDs: exact up to LIST_TOTAL_LIMIT, that limit when more match (`totalExact` false). */
  total: number;
  totalExact: boolean;
  /** Cursor of the next page, or null on the last one. */
  next: string | null;
  /**
   * The state's list version (apd_list_versions) read in the same snapshot as the page, for a
   * one-state list; null for every state at once.
   */
  version: string | null;
}

/**
 * The total is counted up to here and no further: counting every matching row on every
 * request made each page cost O(rows in the state) (77 ms at 50 000 APDs). Beyond it the
 * answer says "at least this many".
 */
export const LIST_TOTAL_LIMIT = 1000;

/** Escapes LIKE wildcards so a search for "50%" means the literal text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** ISO 8601 in UTC: milliseconds as Date.prototype.toISOString writes them, or microseconds for cursors. */
const iso = (column: string, fraction: 'MS' | 'US' = 'MS') => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.${fraction}"Z"')`;

const statements = new Map<string, PreparedStatement>();

/**
 * One statement per combination of filters, rather than one with "$n is null or ..."
 * conditions: PostgreSQL caches a generic plan for a named statement, and that plan could not
 * use the indexes for an optional filter. Searches (`q`) are unnamed, so each is planned for
 * its own text: whether walking the state's rows newest first or the name's trigram index is
 * cheaper depends on how many names match.
 *
 * The indexes (migration 20261201000000): (state_id, updated_at desc, id desc) and
 * (updated_at desc, id desc) serve the filter, the order and the keyset condition, so a page
 * reads `limit` + 1 rows however deep it is; a trigram index serves `q`; the GIN index on
 * `years` serves `year`.
 */
export function listStatement(filter: ApdListFilter): { statement: PreparedStatement; values: unknown[] } {
  const values: unknown[] = [];
  const where: string[] = [];
  // One state (staff, or an admin's ?state=) is `=`, which the planner estimates from the column's statistics.
  if (filter.states !== 'all') where.push(`state_id = $${values.push(filter.states[0])}::text`);
  if (filter.year !== undefined) where.push(`years @> array[$${values.push(filter.year)}::int]`);
  if (filter.q) where.push(`name ilike $${values.push(`%${escapeLike(filter.q)}%`)} escape '\\'`);
  const matching = where.length ? `where ${where.join(' and ')}` : '';
  const afterCondition = filter.after
    ? `${where.length ? 'and' : 'where'} (updated_at, id) < ($${values.push(filter.after.updatedAt)}::timestamptz, $${values.push(filter.after.id)}::uuid)`
    : '';
  const limit = `$${values.push(filter.limit)}::int`;
  const offset = `$${values.push(filter.offset)}::int`;
  const countLimit = `$${values.push(LIST_TOTAL_LIMIT + 1)}::int`;
  // The version row is read by the same statement, hence in the same snapshot as the page.
  const version = filter.states === 'all' ? 'null' : `(select version from apd_list_versions where state_id = $1::text)`;
  const flags = [filter.states === 'all' ? 'all' : 'states', filter.year === undefined ? '' : 'year', filter.after ? 'after' : ''];
  const name = filter.q ? '' : `apds-list:${flags.filter(Boolean).join('+')}`;
  let statement = name ? statements.get(name) : undefined;
  if (!statement) {
    // PostgreSQL writes the page as JSON text (summary columns only, never the jsonb
    // document): no per-row parsing, Date objects or JSON.stringify in the API process.
    // The lateral row's column names are the JSON keys. One row more than the page tells
    // whether there is a next page. In named statements the count walks the same index in the
    // same order, so even a plan made without the values (a generic plan) stops after
    // LIST_TOTAL_LIMIT + 1 index entries instead of scanning the table for a rare state.
    statement = {
      name,
      text: `with page as (
               select id, state_id, name, years, version, created_at, updated_at
               from apds ${matching} ${afterCondition}
               order by updated_at desc, id desc limit ${limit} + 1 offset ${offset})
             select
               coalesce((select json_agg(item order by p.updated_at desc, p.id desc)
                 from (select * from page order by updated_at desc, id desc limit ${limit}) p
                 cross join lateral (select p.id, p.state_id as state, p.name, p.years, p.version,
                   ${iso('p.created_at')} as "createdAt", ${iso('p.updated_at')} as "updatedAt") item), '[]')::text as items,
               (select ${iso('p.updated_at', 'US')} || '${LIST_CURSOR_SEPARATOR}' || p.id
                 from page p where (select count(*) from page) > ${limit}
                 order by p.updated_at desc, p.id desc offset ${limit} - 1 limit 1) as next,
               (select count(*) from (select 1 from apds ${matching}
                 ${name ? 'order by updated_at desc, id desc' : ''} limit ${countLimit}) counted) as total,
               coalesce(${version}, 0)::text as version`,
    };
    if (name) statements.set(name, statement);
  }
  return { statement, values };
}

/** A page of APD summaries in the list's order (latest change first), and the bounded total. */
export async function listApds(db: Knex, filter: ApdListFilter): Promise<ApdListPage> {
  if (filter.states !== 'all' && filter.states.length === 0) return { itemsJson: '[]', total: 0, totalExact: true, next: null, version: null };
  const { statement, values } = listStatement(filter);
  const [page] = await queryPrepared<{ items: string; next: string | null; total: number; version: string }>(db, statement, values);
  const counted = Number(page.total);
  return {
    itemsJson: page.items,
    total: Math.min(counted, LIST_TOTAL_LIMIT),
    totalExact: counted <= LIST_TOTAL_LIMIT,
    next: page.next === null ? null : encodeListCursor(page.next),
    version: filter.states === 'all' ? null : page.version,
  };
}
