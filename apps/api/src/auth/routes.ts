import type { AppDeps } from '../app-deps';
import { err, INVALID, UNAUTHENTICATED } from '../http/common-schemas';
import { HttpError, unauthorized } from '../http/errors';
import { defineRoute, type Route } from '../http/route';
import { findUserByEmail } from '../users/users-repo';
import { loginWithPassword, startSession, type SessionResult } from './login-service';
import { loginBodySchema, oktaBodySchema, sessionSchema, toUserDto } from './schemas';
import { revokeSession } from './sessions-repo';

function sessionBody(result: SessionResult) {
  return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: toUserDto(result.user) };
}

export function authRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'post', path: '/auth/login', operationId: 'login', tag: 'auth', auth: false,
        summary: 'Sign in with email and password',
        body: loginBodySchema,
        responses: {
          200: { description: 'Signed in.', schema: sessionSchema },
          400: INVALID,
          401: err('Wrong email or password; `attemptsRemaining` says how many failures are left before the lock.'),
          423: err('Too many failed attempts: the account is locked. Retry-After gives the seconds until it unlocks.'),
          503: err('Too many sign-ins at once: try again after the seconds in Retry-After (nothing was counted against the account).'),
        },
      },
      async ({ res, body }) => {
        res.json(sessionBody(await loginWithPassword(deps, body.email, body.password)));
      },
    ),
    defineRoute(
      {
        method: 'post', path: '/auth/okta', operationId: 'loginWithOkta', tag: 'auth', auth: false,
        summary: 'Exchange an Okta access token for a session',
        body: oktaBodySchema,
        responses: {
          200: { description: 'Signed in.', schema: sessionSchema },
          400: INVALID,
          401: err('The Okta token is invalid, or no user has its email.'),
          501: err('Okta is not configured on this server.'),
        },
      },
      async ({ res, body }) => {
        if (!deps.okta) throw new HttpError(501, 'not_configured', 'Okta sign-in is not configured on this server (set the OKTA_* variables).');
        let email: string;
        try {
          ({ email } = await deps.okta.verify(body.accessToken));
        } catch (e) {
          deps.logger.info({ reason: (e as Error).message }, 'okta token rejected');
          throw unauthorized('The Okta access token is invalid or expired.');
        }
        const user = await findUserByEmail(deps.db, email);
        if (!user) throw unauthorized('No eAPD account matches this Okta user; ask an administrator for access.');
        res.json(sessionBody(await startSession(deps, user, 'okta')));
      },
    ),
    defineRoute(
      {
        method: 'post', path: '/auth/logout', operationId: 'logout', tag: 'auth', auth: true,
        summary: 'Revoke the current session',
        responses: { 204: { description: 'Signed out; the token no longer works.' }, 401: UNAUTHENTICATED },
      },
      async ({ res, user }) => {
        await revokeSession(deps.db, user.sessionId, deps.clock());
        res.status(204).end();
      },
    ),
  ];
}
