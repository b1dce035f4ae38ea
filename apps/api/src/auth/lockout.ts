import type { LockoutSettings } from '@eapd/config';

/** The lockout state kept per user (or per unknown email in `login_throttles`). */
export interface ThrottleState {
  failedAttempts: number;
  failedWindowStartedAt: Date | null;
  lockedUntil: Date | null;
}

export const CLEAR_THROTTLE: ThrottleState = { failedAttempts: 0, failedWindowStartedAt: null, lockedUntil: null };

export function isLocked(state: ThrottleState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * The state after one more failed login. Failures count within a window that starts at the
 * first failure; reaching the maximum locks the account for `lockSeconds` and starts over.
 */
export function afterFailedLogin(state: ThrottleState, now: Date, settings: LockoutSettings): ThrottleState {
  const windowStart = state.failedWindowStartedAt;
  const windowOpen = windowStart !== null && now.getTime() - windowStart.getTime() < settings.windowSeconds * 1000;
  const failedAttempts = windowOpen ? state.failedAttempts + 1 : 1;
  const failedWindowStartedAt = windowOpen ? windowStart : now;
  if (failedAttempts >= settings.maxFailedAttempts) {
    return { failedAttempts: 0, failedWindowStartedAt: null, lockedUntil: new Date(now.getTime() + settings.lockSeconds * 1000) };
  }
  return { failedAttempts, failedWindowStartedAt, lockedUntil: null };
}
