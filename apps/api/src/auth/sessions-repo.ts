import type { Knex } from 'knex';

export interface SessionRow {
  id: string;
  userId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

export async function createSession(
  db: Knex,
  input: { id: string; userId: string; method: 'password' | 'okta'; expiresAt: Date; now: Date },
): Promise<void> {
  await db('sessions').insert({
    id: input.id,
    user_id: input.userId,
    method: input.method,
    expires_at: input.expiresAt,
    created_at: input.now,
  });
}

export async function findSession(db: Knex, id: string): Promise<SessionRow | undefined> {
  const row = await db('sessions').where({ id }).first();
  if (!row) return undefined;
  return { id: row.id, userId: row.user_id, expiresAt: row.expires_at, revokedAt: row.revoked_at };
}

export async function revokeSession(db: Knex, id: string, now: Date): Promise<void> {
  await db('sessions').where({ id }).whereNull('revoked_at').update({ revoked_at: now });
}
