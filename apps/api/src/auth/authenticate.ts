import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppDeps } from '../app-deps';
import type { AuthUser } from './auth-user';
import { unauthorized } from '../http/errors';
import { findSessionUser } from './sessions-repo';
import { verifySessionToken } from './tokens';

/** What a read needs to know about the caller: enough to apply the authorization rules. */
export type Caller = Pick<AuthUser, 'id' | 'stateId' | 'role' | 'sessionId'>;

export interface PendingAuthentication {
  /**
   * The caller as the token's signed claims describe them, before the database has
   * confirmed the session. Undefined for tokens issued before state and role were claims.
   */
  provisional?: Caller;
  /** The current user once the session is confirmed; rejects with a 401 otherwise. */
  confirmed: Promise<AuthUser>;
  /**
   * The confirmed user's state and its APD list version, read by the session check's own
   * statement (see apds/list-page-cache.ts); rejects like `confirmed`.
   */
  stateListVersion(): Promise<StateListVersion>;
}

export interface StateListVersion {
  stateId: string;
  version: string;
}

export interface Authenticator {
  /** Starts checking "Authorization: Bearer <token>"; throws a 401 at once for a bad token. */
  begin(header: string | undefined): PendingAuthentication;
  /** Middleware for routes that change things: nothing runs before the session is confirmed. */
  middleware: RequestHandler;
}

const CHANGED = 'Your account\'s state or role changed since you signed in: sign in again.';

/**
 * Any tampered, expired, revoked or foreign token is a 401, and so is a session whose user
 * has since moved to another state or role (the token's claims would no longer be true).
 */
export function createAuthenticator(deps: AppDeps): Authenticator {
  const begin = (header: string | undefined): PendingAuthentication => {
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header ?? '');
    if (!match) throw unauthorized('Sign in first: send "Authorization: Bearer <token>" from POST /api/auth/login.');
    const now = deps.clock();
    const claims = verifySessionToken(deps.config.sessionSecret, match[1], now);
    if (!claims) throw unauthorized();
    let listVersion: StateListVersion | undefined;
    const confirmed = findSessionUser(deps.db, claims.jti, claims.sub, now).then((found): AuthUser => {
      if (!found) throw unauthorized();
      const { listVersion: version, ...user } = found;
      if (claims.access && (claims.access.stateId !== user.stateId || claims.access.role !== user.role)) throw unauthorized(CHANGED);
      listVersion = { stateId: user.stateId, version };
      return { ...user, sessionId: claims.jti };
    });
    const provisional = claims.access && { id: claims.sub, sessionId: claims.jti, ...claims.access };
    return { provisional, confirmed, stateListVersion: () => confirmed.then(() => listVersion as StateListVersion) };
  };
  const middleware = (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => begin(req.headers.authorization).confirmed)
      .then((user) => {
        res.locals['user'] = user;
        next();
      })
      .catch(next);
  };
  return { begin, middleware };
}
