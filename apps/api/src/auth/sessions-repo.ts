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
  text: `select u.id, u.email, u.name, u.state_id, u.role,
           coalesce((select v.version from apd_list_versions v where v.state_id = u.state_id), 0)::text as list_version
         from sessions s join users u on u.id = s.user_id
         where s.id = $1 and s.user_id = $2 and s.revoked_at is null and s.expires_at > $3`,
};

export type SessionUser = Omit<AuthUser, 'sessionId'> & {
  /**
   * The list version of the user's state (apd_list_versions), read by the same statement: the
   * APD list answers from its cache with this check alone (apds/list-page-cache.ts), instead of
   * a second statement per request.
   */
  listVersion: string;
};

/**
 * The user behind a live session: it exists, belongs to `userId`, is unrevoked and
 * unexpired at `now`. One round trip on every authenticated request.
 */
export async function findSessionUser(db: Knex, sessionId: string, userId: string, now: Date): Promise<SessionUser | undefined> {
  const [row] = await queryPrepared<{ id: string; email: string; name: string; state_id: string; role: Role; list_version: string }>(db, SESSION_USER, [sessionId, userId, now]);
  return row && { id: row.id, email: row.email, name: row.name, stateId: row.state_id, role: row.role, listVersion: row.list_version };
}
