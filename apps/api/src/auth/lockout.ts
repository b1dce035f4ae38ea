import type { LockoutSettings } from '@eapd/config';
import type { Knex } from 'knex';

/**
 * Whose attempts are counted: a user (columns on `users`) or an email that matches no user
 * (`login_throttles`), so a 423 never confirms that an account exists.
 */
export type AttemptSubject = { userId: string } | { email: string };

/**
 * The lockout, held in PostgreSQL with one atomic statement per step, so that parallel
 * requests cannot all read "not locked yet" and all be evaluated:
 *
 * 1. `reserveAttempt` takes one of the `maxFailedAttempts` attempts a window allows BEFORE the
 *    password is checked (counting it as a failure until proven otherwise). When all are taken,
 *    by failures or by attempts still being checked, or the subject is locked, it is refused.
 * 2. `recordFailure`: the password was wrong. When the window's attempts are used up, this locks
 *    the subject for `lockSeconds` and starts counting afresh.
 * 3. `clearAttempts`: the password was right. Refused (423) if concurrent failures locked the
 *    subject in the meantime, so no guess is ever answered 200 once the limit was reached.
 *
 * So however many requests arrive at once, at most `maxFailedAttempts` passwords are checked per
 * window and lock period. Failures count within a window that starts at the first one.
 */
export async function reserveAttempt(
  db: Knex,
  subject: AttemptSubject,
  now: Date,
  settings: LockoutSettings,
): Promise<{ reserved: true } | { reserved: false; lockedUntil: Date | null }> {
  const windowStart = new Date(now.getTime() - settings.windowSeconds * 1000);
  const bindings = { now, windowStart, max: settings.maxFailedAttempts };
  // Inside the window: one more attempt; outside it (or never failed): a new window from now.
  const counting = (t: string) => `
    failed_attempts = case when ${t}.failed_window_started_at > :windowStart then ${t}.failed_attempts + 1 else 1 end,
    failed_window_started_at = case when ${t}.failed_window_started_at > :windowStart then ${t}.failed_window_started_at else :now end,
    locked_until = null`;
  const allowed = (t: string) => `
    (${t}.locked_until is null or ${t}.locked_until <= :now)
    and (${t}.failed_window_started_at is null or ${t}.failed_window_started_at <= :windowStart or ${t}.failed_attempts < :max)`;
  // The outer select sees the row as it was before the update: the lock that refused us, if any.
  const { rows } =
    'userId' in subject
      ? await db.raw<{ rows: ReservationRow[] }>(
          `with reserved as (update users u set ${counting('u')} where u.id = :userId and ${allowed('u')} returning 1)
           select (select count(*) from reserved) as reserved, (select locked_until from users where id = :userId) as locked_until`,
          { ...bindings, userId: subject.userId },
        )
      : await db.raw<{ rows: ReservationRow[] }>(
          `with reserved as (
             insert into login_throttles as t (email, failed_attempts, failed_window_started_at, locked_until)
             values (:email, 1, :now, null)
             on conflict (email) do update set ${counting('t')} where ${allowed('t')}
             returning 1)
           select (select count(*) from reserved) as reserved, (select locked_until from login_throttles where email = :email) as locked_until`,
          { ...bindings, email: subject.email },
        );
  const [row] = rows;
  return Number(row.reserved) > 0 ? { reserved: true } : { reserved: false, lockedUntil: row.locked_until };
}

interface ReservationRow {
  reserved: number | string;
  locked_until: Date | null;
}

/**
 * The reserved attempt failed. Says until when the subject is now locked (null when it is not),
 * and how many failed attempts are left before it would be (attempts still being checked by
 * parallel requests count as used, so the number is never too high).
 */
export async function recordFailure(
  db: Knex,
  subject: AttemptSubject,
  now: Date,
  settings: LockoutSettings,
): Promise<{ lockedUntil: Date | null; attemptsRemaining: number }> {
  const spent = 'failed_attempts >= :max';
  const [row] = await table(db, subject)
    .update({
      locked_until: db.raw(`case when ${spent} then cast(:lockUntil as timestamptz) else locked_until end`, {
        max: settings.maxFailedAttempts,
        lockUntil: new Date(now.getTime() + settings.lockSeconds * 1000),
      }),
      failed_window_started_at: db.raw(`case when ${spent} then null else failed_window_started_at end`, { max: settings.maxFailedAttempts }),
      failed_attempts: db.raw(`case when ${spent} then 0 else failed_attempts end`, { max: settings.maxFailedAttempts }),
    })
    .returning(['locked_until', 'failed_attempts']);
  const { locked_until: until = null, failed_attempts: failed = settings.maxFailedAttempts } =
    (row as { locked_until: Date | null; failed_attempts: number } | undefined) ?? {};
  const lockedUntil = until && until.getTime() > now.getTime() ? until : null;
  return { lockedUntil, attemptsRemaining: lockedUntil ? 0 : Math.max(0, settings.maxFailedAttempts - failed) };
}

/** The reserved attempt succeeded: forget the failures. False when the subject got locked meanwhile. */
export async function clearAttempts(db: Knex, subject: AttemptSubject, now: Date): Promise<boolean> {
  const cleared = await table(db, subject)
    .where((q) => q.whereNull('locked_until').orWhere('locked_until', '<=', now))
    .update({ failed_attempts: 0, failed_window_started_at: null, locked_until: null });
  return cleared > 0;
}

function table(db: Knex, subject: AttemptSubject): Knex.QueryBuilder {
  return 'userId' in subject ? db('users').where({ id: subject.userId }) : db('login_throttles').where({ email: subject.email });
}
