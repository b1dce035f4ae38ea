import type { Knex } from 'knex';
import type { Role } from '../auth/auth-user';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  stateId: string;
  role: Role;
  passwordHash: string | null;
}

interface DbUser {
  id: string;
  email: string;
  name: string;
  state_id: string;
  role: Role;
  password_hash: string | null;
}

function toUser(row: DbUser): UserRow {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    stateId: row.state_id,
    role: row.role,
    passwordHash: row.password_hash,
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Knex, email: string): Promise<UserRow | undefined> {
  const row = await db<DbUser>('users').where({ email: normalizeEmail(email) }).first();
  return row ? toUser(row) : undefined;
}

export async function findUserById(db: Knex, id: string): Promise<UserRow | undefined> {
  const row = await db<DbUser>('users').where({ id }).first();
  return row ? toUser(row) : undefined;
}

export async function savePasswordHash(db: Knex, userId: string, passwordHash: string, now: Date): Promise<void> {
  await db('users').where({ id: userId }).update({ password_hash: passwordHash, updated_at: now });
}
