import type { Knex } from 'knex';
import { queryPrepared, type PreparedStatement } from '../db/prepared';
import type { AuthUser, Role } from './auth-user';

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

const SESSION_USER: PreparedStatement = {
  name: 'session-user',
  text: `select u.id, u.email, u.name, u.state_id, u.role
         from sessions s join users u on u.id = s.user_id
         where s.id = $1 and s.user_id = $2 and s.revoked_at is null and s.expires_at > $3`,
};

/**
 * The user behind a live session: it exists, belongs to `userId`, is unrevoked and
 * unexpired at `now`. One round trip on every authenticated request.
 */
export async function findSessionUser(db: Knex, sessionId: string, userId: string, now: Date): Promise<Omit<AuthUser, 'sessionId'> | undefined> {
  const [row] = await queryPrepared<{ id: string; email: string; name: string; state_id: string; role: Role }>(db, SESSION_USER, [sessionId, userId, now]);
  return row && { id: row.id, email: row.email, name: row.name, stateId: row.state_id, role: row.role };
}
