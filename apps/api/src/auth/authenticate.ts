import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppDeps } from '../app-deps';
import type { AuthUser, Role } from './auth-user';
import { unauthorized } from '../http/errors';
import { verifySessionToken } from './tokens';

/** Reads "Authorization: Bearer <token>"; any tampered, expired, revoked or foreign token is a 401. */
export function createAuthenticate(deps: AppDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    authenticate(deps, req.headers.authorization)
      .then((user) => {
        res.locals['user'] = user;
        next();
      })
      .catch(next);
  };
}

async function authenticate(deps: AppDeps, header: string | undefined): Promise<AuthUser> {
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header ?? '');
  if (!match) throw unauthorized('Sign in first: send "Authorization: Bearer <token>" from POST /api/auth/login.');
  const now = deps.clock();
  const claims = verifySessionToken(deps.config.sessionSecret, match[1], now);
  if (!claims) throw unauthorized();
  // One round trip on every authenticated request: the session must exist, belong to the
  // token's user, be unrevoked and unexpired; the user comes along with it.
  const row = await deps.db('sessions')
    .join('users', 'users.id', 'sessions.user_id')
    .where('sessions.id', claims.jti)
    .andWhere('sessions.user_id', claims.sub)
    .whereNull('sessions.revoked_at')
    .andWhere('sessions.expires_at', '>', now)
    .first('users.id', 'users.email', 'users.name', 'users.state_id', 'users.role', 'sessions.id as session_id');
  if (!row) throw unauthorized();
  return { id: row.id, email: row.email, name: row.name, stateId: row.state_id, role: row.role as Role, sessionId: row.session_id };
}
