import type { Knex } from 'knex';
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

export async function listApds(db: Knex, filter: ApdListFilter): Promise<{ items: ApdRow[]; total: number }> {
  if (filter.states !== 'all' && filter.states.length === 0) return { items: [], total: 0 };
  const query = db<DbApd>('apds').select('id', 'state_id', 'name', 'years', 'version', 'created_at', 'updated_at');
  // The document is not needed for a list; build a small one from the indexed columns.
  query.select(db.raw(`json_build_object('name', name, 'years', years, 'summary', '', 'activities', '[]'::json) as document`));
  query.select(db.raw('count(*) over () as total'));
  if (filter.states !== 'all') query.whereIn('state_id', filter.states);
  if (filter.year !== undefined) query.whereRaw('? = any(years)', [filter.year]);
  if (filter.q) query.whereRaw(`name ilike ? escape '\\'`, [`%${escapeLike(filter.q)}%`]);
  const rows = (await query.orderBy([{ column: 'updated_at', order: 'desc' }, { column: 'id' }]).limit(filter.limit).offset(filter.offset)) as (DbApd & { total: string })[];
  if (rows.length === 0 && filter.offset > 0) {
    // Past the end: still report the total so clients can page back.
    const count = await db('apds').modify((q) => {
      if (filter.states !== 'all') q.whereIn('state_id', filter.states);
      if (filter.year !== undefined) q.whereRaw('? = any(years)', [filter.year]);
      if (filter.q) q.whereRaw(`name ilike ? escape '\\'`, [`%${escapeLike(filter.q)}%`]);
    }).count({ n: '*' }).first();
    return { items: [], total: Number(count?.['n'] ?? 0) };
  }
  return { items: rows.map(toApd), total: rows.length ? Number(rows[0].total) : 0 };
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
