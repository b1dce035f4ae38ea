import type { AuthUser } from './auth-user';

/**
 * Authorization rules in one place. Staff see their own state only; admins see every
 * state. Callers answer 404 (not 403) when `canAccessState` is false, so another state's
 * ids are never confirmed.
 */
export function canAccessState(user: Pick<AuthUser, 'role' | 'stateId'>, stateId: string): boolean {
  return user.role === 'admin' || user.stateId === stateId;
}

/**
 * Which states a list query may return. Staff asking for another state get an empty
 * result rather than an error, for the same reason as above.
 */
export function listableStates(user: Pick<AuthUser, 'role' | 'stateId'>, requested?: string): [] | [string] | 'all' {
  if (user.role === 'admin') return requested ? [requested] : 'all';
  if (requested && requested !== user.stateId) return [];
  return [user.stateId];
}

/** The state a new APD belongs to: staff always create in their own state. */
export function stateForNewApd(user: Pick<AuthUser, 'role' | 'stateId'>, requested?: string): string | undefined {
  if (user.role === 'admin') return requested ?? user.stateId;
  return requested === undefined || requested === user.stateId ? user.stateId : undefined;
}
