import { OktaAuth } from '@okta/okta-auth-js';
import type { OktaSettings } from './okta-button';

/** Okta completed the redirect but gave no access token to exchange for our session. */
export class OktaNoTokenError extends Error {
  constructor() {
    super('Okta returned no access token');
    this.name = 'OktaNoTokenError';
  }
}

export const OKTA_CALLBACK_PATH = '/login/callback';

function client(okta: OktaSettings): OktaAuth {
  return new OktaAuth({
    issuer: okta.issuer,
    clientId: okta.clientId,
    redirectUri: `${window.location.origin}${OKTA_CALLBACK_PATH}`,
    pkce: true,
    responseType: 'code',
    scopes: ['openid', 'email', 'profile'],
    // Tokens are exchanged for our own session at once; Okta's copy need not persist.
    tokenManager: { storage: 'memory' },
  });
}

/** Redirects the browser to Okta (authorization code with PKCE). */
export async function startOktaSignIn(okta: OktaSettings): Promise<void> {
  await client(okta).token.getWithRedirect();
}

/** On the callback page: exchanges the code (with the PKCE verifier) for Okta's access token. */
export async function finishOktaSignIn(okta: OktaSettings): Promise<string> {
  const { tokens } = await client(okta).token.parseFromUrl();
  const accessToken = tokens.accessToken?.accessToken;
  if (!accessToken) throw new OktaNoTokenError();
  return accessToken;
}
