import type { Knex } from 'knex';

export interface FileRow {
  id: string;
  apdId: string;
  storageKey: string;
  originalName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string | null;
  createdAt: Date;
}

interface DbFile {
  id: string;
  apd_id: string;
  storage_key: string;
  original_name: string;
  content_type: string;
  size: string | number;
  sha256: string;
  uploaded_by: string | null;
  created_at: Date;
}

const toFile = (r: DbFile): FileRow => ({
  id: r.id,
  apdId: r.apd_id,
  storageKey: r.storage_key,
  originalName: r.original_name,
  contentType: r.content_type,
  size: Number(r.size),
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
});

export async function insertFile(db: Knex, file: FileRow): Promise<FileRow> {
  const [row] = await db<DbFile>('files')
    .insert({
      id: file.id,
      apd_id: file.apdId,
      storage_key: file.storageKey,
      original_name: file.originalName,
      content_type: file.contentType,
      size: file.size,
      sha256: file.sha256,
      uploaded_by: file.uploadedBy,
      created_at: file.createdAt,
    })
    .returning('*');
  return toFile(row as DbFile);
}

export async function listFiles(db: Knex, apdId: string): Promise<FileRow[]> {
  const rows = await db<DbFile>('files').where({ apd_id: apdId }).orderBy([{ column: 'created_at' }, { column: 'id' }]);
  return rows.map(toFile);
}

export async function findFile(db: Knex, apdId: string, id: string): Promise<FileRow | undefined> {
  const row = await db<DbFile>('files').where({ apd_id: apdId, id }).first();
  return row ? toFile(row) : undefined;
}

export async function listFileKeys(db: Knex, apdId: string): Promise<string[]> {
  return (await db('files').where({ apd_id: apdId }).pluck('storage_key')) as string[];
}

/**
 * Deletes one file's row and, inside the same transaction, its stored object (`removeObject`):
 * if the object cannot be removed the row stays, so a retry can finish the job and no object
 * is ever left without a row pointing at it. Undefined when the APD has no such file.
 */
export async function deleteFile(db: Knex, apdId: string, id: string, removeObject: (storageKey: string) => Promise<void>): Promise<FileRow | undefined> {
  return db.transaction(async (trx) => {
    const [row] = await trx<DbFile>('files').where({ apd_id: apdId, id }).delete().returning('*');
    if (!row) return undefined;
    await removeObject((row as DbFile).storage_key);
    return toFile(row as DbFile);
  });
}
