import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps';
import { HttpError, locked } from '../http/errors';
import { findUserByEmail, normalizeEmail, savePasswordHash, type UserRow } from '../users/users-repo';
import { clearAttempts, recordFailure, reserveAttempt, type AttemptSubject } from './lockout';
import { burnPasswordCost, hashPassword, needsRehash, verifyPassword } from './password';
import { loginCost } from './password-cost';
import { createSession } from './sessions-repo';
import { issueSessionToken } from './tokens';

export interface SessionResult {
  token: string;
  expiresAt: Date;
  user: UserRow;
}

const BAD_CREDENTIALS = 'The email or password is incorrect.';

function lockedError(until: Date | null, now: Date, lockSeconds: number) {
  const remainingMs = until ? until.getTime() - now.getTime() : lockSeconds * 1000;
  const minutes = Math.max(1, Math.ceil(remainingMs / 60000));
  return locked(
    `Too many failed sign-in attempts: this account is locked. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    Math.max(1, Math.ceil(remainingMs / 1000)),
  );
}

/**
 * Password login. Every attempt spends the same PBKDF2 cost whatever happens (unknown email,
 * no password, locked, wrong, right), and unknown emails are throttled exactly like real
 * accounts, so neither timing nor a 423 reveals whether an email exists. The attempt is counted
 * before the password is checked (see lockout.ts), so parallel guesses cannot outrun the limit.
 */
export async function loginWithPassword(deps: AppDeps, email: string, password: string): Promise<SessionResult> {
  // The whole attempt waits its turn (see password-work.ts); a full queue refuses it with 503
  // before anything is read or counted, so being refused never costs an attempt.
  return deps.passwordWork.run(() => attemptLogin(deps, email, password));
}

async function attemptLogin(deps: AppDeps, email: string, password: string): Promise<SessionResult> {
  const { db, config } = deps;
  const now = deps.clock();
  const [user, cost] = await Promise.all([findUserByEmail(db, email), loginCost(db, config.pbkdf2Iterations)]);
  const subject: AttemptSubject = user ? { userId: user.id } : { email: normalizeEmail(email) };

  const attempt = await reserveAttempt(db, subject, now, config.lockout);
  if (!attempt.reserved) {
    await burnPasswordCost(password, cost);
    throw lockedError(attempt.lockedUntil, now, config.lockout.lockSeconds);
  }

  const ok = user?.passwordHash ? await verifyPassword(password, user.passwordHash, cost) : (await burnPasswordCost(password, cost), false);
  if (!ok || !user) {
    const { lockedUntil, attemptsRemaining } = await recordFailure(db, subject, now, config.lockout);
    if (lockedUntil) throw lockedError(lockedUntil, now, config.lockout.lockSeconds);
    // The same for unknown emails (throttled alike), so the count reveals nothing about accounts.
    throw new HttpError(401, 'unauthorized', BAD_CREDENTIALS, undefined, { attemptsRemaining });
  }
  // Right password, but parallel wrong guesses used up the limit meanwhile: still locked.
  if (!(await clearAttempts(db, subject, now))) throw lockedError(null, now, config.lockout.lockSeconds);

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
