import { afterFailedLogin, CLEAR_THROTTLE, isLocked } from './lockout';

const settings = { maxFailedAttempts: 3, windowSeconds: 60, lockSeconds: 300 };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);

describe('lockout rules', () => {
  it('locks on the Nth failure within the window, for lockSeconds', () => {
    let state = afterFailedLogin(CLEAR_THROTTLE, at(0), settings);
    state = afterFailedLogin(state, at(10), settings);
    expect(isLocked(state, at(10))).toBe(false);
    state = afterFailedLogin(state, at(20), settings);
    expect(isLocked(state, at(20))).toBe(true);
    expect(isLocked(state, at(319))).toBe(true);
    expect(isLocked(state, at(320))).toBe(false);
  });

  it('starts a new window when the previous one has passed', () => {
    let state = afterFailedLogin(CLEAR_THROTTLE, at(0), settings);
    state = afterFailedLogin(state, at(30), settings);
    state = afterFailedLogin(state, at(61), settings);
    expect(state).toEqual({ failedAttempts: 1, failedWindowStartedAt: at(61), lockedUntil: null });
  });

  it('never locks a clear state', () => {
    expect(isLocked(CLEAR_THROTTLE, at(0))).toBe(false);
  });
});
