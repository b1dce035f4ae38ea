import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps';
import { locked, unauthorized } from '../http/errors';
import {
  findEmailThrottle,
  findUserByEmail,
  saveEmailThrottle,
  savePasswordHash,
  saveUserThrottle,
  type UserRow,
} from '../users/users-repo';
import { afterFailedLogin, CLEAR_THROTTLE, isLocked, type ThrottleState } from './lockout';
import { burnPasswordCost, hashPassword, needsRehash, verifyPassword } from './password';
import { createSession } from './sessions-repo';
import { issueSessionToken } from './tokens';

export interface SessionResult {
  token: string;
  expiresAt: Date;
  user: UserRow;
}

const BAD_CREDENTIALS = 'The email or password is incorrect.';

function lockedError(until: Date | null, now: Date) {
  const minutes = until ? Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60000)) : 1;
  return locked(`Too many failed sign-in attempts: this account is locked. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
}

/**
 * Password login. Every path that cannot succeed still spends one PBKDF2 computation, and
 * unknown emails are throttled exactly like real accounts, so neither timing nor a 423
 * reveals whether an email exists.
 */
export async function loginWithPassword(deps: AppDeps, email: string, password: string): Promise<SessionResult> {
  const { db, config } = deps;
  const now = deps.clock();
  const user = await findUserByEmail(db, email);
  const throttle = user ? user.throttle : await findEmailThrottle(db, email);
  const saveThrottle = (state: ThrottleState) =>
    user ? saveUserThrottle(db, user.id, state, now) : saveEmailThrottle(db, email, state);

  if (isLocked(throttle, now)) {
    await burnPasswordCost(password, config.pbkdf2Iterations);
    throw lockedError(throttle.lockedUntil, now);
  }

  const ok = user?.passwordHash
    ? await verifyPassword(password, user.passwordHash)
    : (await burnPasswordCost(password, config.pbkdf2Iterations), false);

  if (!ok || !user) {
    const next = afterFailedLogin(throttle, now, config.lockout);
    await saveThrottle(next);
    if (isLocked(next, now)) throw lockedError(next.lockedUntil, now);
    throw unauthorized(BAD_CREDENTIALS);
  }

  if (throttle.failedAttempts > 0 || throttle.lockedUntil) await saveThrottle(CLEAR_THROTTLE);
  if (user.passwordHash && needsRehash(user.passwordHash, config.pbkdf2Iterations)) {
    // The configured cost changed since this hash was made: upgrade it while we have the password.
    await savePasswordHash(db, user.id, await hashPassword(password, config.pbkdf2Iterations), now);
  }
  return startSession(deps, user, 'password');
}

export async function startSession(deps: AppDeps, user: UserRow, method: 'password' | 'okta'): Promise<SessionResult> {
  const now = deps.clock();
  const sessionId = randomUUID();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlSeconds * 1000);
  await createSession(deps.db, { id: sessionId, userId: user.id, method, expiresAt, now });
  const token = issueSessionToken(deps.config.sessionSecret, {
    userId: user.id, sessionId, issuedAt: now, expiresAt, stateId: user.stateId, role: user.role,
  });
  return { token, expiresAt, user };
}
