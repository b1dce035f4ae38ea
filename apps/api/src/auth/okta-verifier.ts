import OktaJwtVerifier from '@okta/jwt-verifier';
import type { OktaSettings } from '@eapd/config';

/** Verifies an Okta access token and says whose it is. */
export interface OktaTokenVerifier {
  /** Resolves with the token's email (or login), rejects for any invalid token. */
  verify(accessToken: string): Promise<{ email: string }>;
}

export interface OktaVerifierOptions {
  /** Tests only: lets the verifier fetch keys from a JWKS server on http://127.0.0.1. */
  testing?: { disableHttpsCheck: boolean };
}

/**
 * The configuration accepts http only for an issuer on this machine (a local Okta stand-in, as
 * the browser test runs); the verifier must then fetch its keys over http too. Real Okta is https.
 */
export function isLoopbackHttpIssuer(issuer: string): boolean {
  return /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//i.test(issuer);
}

export function createOktaVerifier(settings: Pick<OktaSettings, 'issuer' | 'audience'>, options: OktaVerifierOptions = {}): OktaTokenVerifier {
  const testing = options.testing ?? (isLoopbackHttpIssuer(settings.issuer) ? { disableHttpsCheck: true } : undefined);
  const verifier = new OktaJwtVerifier({ issuer: settings.issuer, testing });
  return {
    async verify(accessToken) {
      const jwt = await verifier.verifyAccessToken(accessToken, settings.audience);
      const claims = jwt.claims as Record<string, unknown>;
      // Okta puts the user's login (normally the email) in `sub`; a custom `email` claim wins.
      const email = typeof claims['email'] === 'string' ? claims['email'] : claims['sub'];
      if (typeof email !== 'string' || !email.includes('@')) throw new Error('Okta token carries no email');
      return { email };
    },
  };
}
