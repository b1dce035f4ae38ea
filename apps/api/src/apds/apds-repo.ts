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
