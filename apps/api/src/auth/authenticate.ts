import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppDeps } from '../app-deps';
import { unauthorized } from '../http/errors';
import { findUserById } from '../users/users-repo';
import { findSession } from './sessions-repo';
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

async function authenticate(deps: AppDeps, header: string | undefined) {
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header ?? '');
  if (!match) throw unauthorized('Sign in first: send "Authorization: Bearer <token>" from POST /api/auth/login.');
  const now = deps.clock();
  const claims = verifySessionToken(deps.config.sessionSecret, match[1], now);
  if (!claims) throw unauthorized();
  const session = await findSession(deps.db, claims.jti);
  if (!session || session.userId !== claims.sub || session.revokedAt || session.expiresAt.getTime() <= now.getTime()) {
    throw unauthorized();
  }
  const user = await findUserById(deps.db, session.userId);
  if (!user) throw unauthorized();
  return { id: user.id, email: user.email, name: user.name, stateId: user.stateId, role: user.role, sessionId: session.id };
}
