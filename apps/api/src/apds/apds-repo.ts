import type { Knex } from 'knex';
import { queryPrepared, type PreparedStatement } from '../db/prepared';
import type { ApdDocument } from './schemas';

export interface ApdRow {
  id: string;
  stateId: string;
  document: ApdDocument;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

interface DbApd {
  id: string;
  state_id: string;
  name: string;
  years: number[];
  document: ApdDocument;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toApd = (row: DbApd): ApdRow => ({
  id: row.id,
  stateId: row.state_id,
  document: row.document,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface ApdListFilter {
  states: string[] | 'all';
  year?: number;
  q?: string;
  limit: number;
  offset: number;
}

/** Escapes LIKE wildcards so a search for "50%" means the literal text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** ISO 8601 in UTC with milliseconds: the same text as Date.prototype.toISOString. */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const statements = new Map<string, PreparedStatement>();

/**
 * One prepared statement per combination of filters (at most eight), rather than one with
 * "$n is null or ..." conditions: PostgreSQL caches a generic plan for a prepared statement,
 * and that plan could not use the (state_id, updated_at) index for an optional filter.
 */
function listStatement(filter: ApdListFilter): { statement: PreparedStatement; values: unknown[] } {
  const values: unknown[] = [];
  const where: string[] = [];
  const flags = [filter.states === 'all' ? 'all' : 'states', filter.year === undefined ? '' : 'year', filter.q ? 'q' : ''];
  if (filter.states !== 'all') where.push(`state_id = any($${values.push(filter.states)}::text[])`);
  if (filter.year !== undefined) where.push(`$${values.push(filter.year)}::int = any(years)`);
  if (filter.q) where.push(`name ilike $${values.push(`%${escapeLike(filter.q)}%`)} escape '\\'`);
  const limit = values.push(filter.limit);
  const offset = values.push(filter.offset);
  const name = `apds-list:${flags.filter(Boolean).join('+')}`;
  let statement = statements.get(name);
  if (!statement) {
    // PostgreSQL writes the page as JSON text (summary columns only, never the jsonb
    // document): no per-row parsing, Date objects or JSON.stringify in the API process.
    // The lateral row's column names are the JSON keys.
    statement = {
      name,
      text: `select coalesce(json_agg(item order by page.updated_at desc, page.id), '[]')::text as items,
               coalesce(max(page.total), 0) as total
             from (select id, state_id, name, years, version, created_at, updated_at, count(*) over () as total
                   from apds ${where.length ? `where ${where.join(' and ')}` : ''}
                   order by updated_at desc, id limit $${limit} offset $${offset}) page
             cross join lateral (select page.id, page.state_id as state, page.name, page.years, page.version,
                   ${iso('page.created_at')} as "createdAt", ${iso('page.updated_at')} as "updatedAt") item`,
    };
    statements.set(name, statement);
  }
  return { statement, values };
}

/** A page of APD summaries ({id,state,name,years,version,createdAt,updatedAt}) as JSON text. */
export async function listApds(db: Knex, filter: ApdListFilter): Promise<{ itemsJson: string; total: number }> {
  if (filter.states !== 'all' && filter.states.length === 0) return { itemsJson: '[]', total: 0 };
  const { statement, values } = listStatement(filter);
  const [page] = await queryPrepared<{ items: string; total: number }>(db, statement, values);
  if (page.total === 0 && filter.offset > 0) {
    // Past the end: the window count saw no rows, but clients still need the total to page back.
    const [first] = await queryPrepared<{ total: number }>(db, listStatement({ ...filter, limit: 1, offset: 0 }).statement, [...values.slice(0, -2), 1, 0]);
    return { itemsJson: '[]', total: Number(first.total) };
  }
  return { itemsJson: page.items, total: Number(page.total) };
}

export async function findApd(db: Knex, id: string): Promise<ApdRow | undefined> {
  const row = await db<DbApd>('apds').where({ id }).first();
  return row ? toApd(row) : undefined;
}

export async function insertApd(
  db: Knex,
  input: { id: string; stateId: string; document: ApdDocument; createdBy: string | null; now: Date },
): Promise<ApdRow> {
  const [row] = await db<DbApd>('apds')
    .insert({
      id: input.id,
      state_id: input.stateId,
      name: input.document.name,
      years: input.document.years,
      document: JSON.stringify(input.document) as unknown as ApdDocument,
      version: 1,
      created_by: input.createdBy,
      created_at: input.now,
      updated_at: input.now,
    } as Partial<DbApd>)
    .returning('*');
  return toApd(row as DbApd);
}

/** Writes only when the stored version is still `expectedVersion`; undefined means it was not. */
export async function updateApd(db: Knex, id: string, expectedVersion: number, document: ApdDocument, now: Date): Promise<ApdRow | undefined> {
  const rows = await db<DbApd>('apds')
    .where({ id, version: expectedVersion })
    .update({
      name: document.name,
      years: document.years,
      document: JSON.stringify(document) as unknown as ApdDocument,
      version: expectedVersion + 1,
      updated_at: now,
    })
    .returning('*');
  return rows[0] ? toApd(rows[0] as DbApd) : undefined;
}

export async function deleteApd(db: Knex, id: string): Promise<void> {
  await db('apds').where({ id }).delete();
}
