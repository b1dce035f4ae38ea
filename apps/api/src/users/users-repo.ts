import type { Knex } from 'knex';
import type { Role } from '../auth/auth-user';
import type { ThrottleState } from '../auth/lockout';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  stateId: string;
  role: Role;
  passwordHash: string | null;
  throttle: ThrottleState;
}

interface DbUser {
  id: string;
  email: string;
  name: string;
  state_id: string;
  role: Role;
  password_hash: string | null;
  failed_attempts: number;
  failed_window_started_at: Date | null;
  locked_until: Date | null;
}

function toUser(row: DbUser): UserRow {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    stateId: row.state_id,
    role: row.role,
    passwordHash: row.password_hash,
    throttle: {
      failedAttempts: row.failed_attempts,
      failedWindowStartedAt: row.failed_window_started_at,
      lockedUntil: row.locked_until,
    },
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

export async function saveUserThrottle(db: Knex, userId: string, state: ThrottleState, now: Date): Promise<void> {
  await db('users').where({ id: userId }).update({
    failed_attempts: state.failedAttempts,
    failed_window_started_at: state.failedWindowStartedAt,
    locked_until: state.lockedUntil,
    updated_at: now,
  });
}

export async function savePasswordHash(db: Knex, userId: string, passwordHash: string, now: Date): Promise<void> {
  await db('users').where({ id: userId }).update({ password_hash: passwordHash, updated_at: now });
}

/** Lockout state for emails that match no user (see the migration for why). */
export async function findEmailThrottle(db: Knex, email: string): Promise<ThrottleState> {
  const row = await db('login_throttles').where({ email: normalizeEmail(email) }).first();
  if (!row) return { failedAttempts: 0, failedWindowStartedAt: null, lockedUntil: null };
  return { failedAttempts: row.failed_attempts, failedWindowStartedAt: row.failed_window_started_at, lockedUntil: row.locked_until };
}

export async function saveEmailThrottle(db: Knex, email: string, state: ThrottleState): Promise<void> {
  await db('login_throttles')
    .insert({
      email: normalizeEmail(email),
      failed_attempts: state.failedAttempts,
      failed_window_started_at: state.failedWindowStartedAt,
      locked_until: state.lockedUntil,
    })
    .onConflict('email')
    .merge();
}
