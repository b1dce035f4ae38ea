import jwt from 'jsonwebtoken';
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { Role } from './auth-user';

// jsonwebtoken turns a string secret into a key object on every call (8 % of the list
// route's CPU in tools/bench/api); keep the key object per secret instead.
const keys = new Map<string, KeyObject>();
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

export interface SessionClaims {
  /** User id. */
  sub: string;
  /** Session id (row in `sessions`), so a token can be revoked. */
  jti: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  iat: number;
  /**
   * The user's state and role when the session began. They let a read start before the
   * session check returns; the check then compares them with the user's current row and any
   * difference is a 401 (see authenticate.ts). Absent in tokens issued before they existed.
   */
  access?: { stateId: string; role: Role };
}

const ALGORITHM = 'HS256';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISSUER = 'eapd-api';
const STATE_ID = /^[a-z]{2}$/;
const ROLES: readonly string[] = ['state-staff', 'admin'] satisfies Role[];

export function issueSessionToken(
  secret: string,
  input: { userId: string; sessionId: string; issuedAt: Date; expiresAt: Date; stateId: string; role: Role },
): string {
  return jwt.sign(
    {
      sub: input.userId,
      jti: input.sessionId,
      st: input.stateId,
      role: input.role,
      iat: Math.floor(input.issuedAt.getTime() / 1000),
      exp: Math.floor(input.expiresAt.getTime() / 1000),
      iss: ISSUER,
    },
    keyFor(secret),
    { algorithm: ALGORITHM },
  );
}

/** Tokens whose signature was verified, per secret: a client sends the same token on every request. */
const verified = new Map<string, Map<string, SessionClaims>>();
const VERIFIED_MAX = 10_000;

/**
 * Verifies signature (HS256 only: never "none" or a public-key algorithm chosen by the
 * token), issuer and expiry against `now`. Returns undefined for any invalid token.
 *
 * A token verified before is looked up instead of verified again (decoding and the HMAC were
 * ~5 % of the list route's CPU): only the exact same string, under the same secret, can hit,
 * and its expiry is still checked against `now` on every call. Revocation is not a property of
 * the token: the session check in the database decides that on every request.
 */
export function verifySessionToken(secret: string, token: string, now: Date): SessionClaims | undefined {
  let bySecret = verified.get(secret);
  if (!bySecret) verified.set(secret, (bySecret = new Map()));
  const known = bySecret.get(token);
  if (known) return Math.floor(now.getTime() / 1000) < known.exp ? known : undefined;
  const claims = verifyWithoutCache(secret, token, now);
  if (claims) {
    // Oldest first out: Map keeps insertion order.
    if (bySecret.size >= VERIFIED_MAX) bySecret.delete(bySecret.keys().next().value as string);
    bySecret.set(token, claims);
  }
  return claims;
}

function verifyWithoutCache(secret: string, token: string, now: Date): SessionClaims | undefined {
  try {
    const payload = jwt.verify(token, keyFor(secret), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      clockTimestamp: Math.floor(now.getTime() / 1000),
    });
    if (typeof payload !== 'object' || payload === null) return undefined;
    const { sub, jti, exp, iat, st, role } = payload as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') return undefined;
    // Both are UUID columns: anything else would be a database error, not a 401.
    if (!UUID.test(sub) || !UUID.test(jti)) return undefined;
    const claims: SessionClaims = { sub, jti, exp, iat: typeof iat === 'number' ? iat : 0 };
    if (st !== undefined || role !== undefined) {
      if (typeof st !== 'string' || !STATE_ID.test(st) || typeof role !== 'string' || !ROLES.includes(role)) return undefined;
      claims.access = { stateId: st, role: role as Role };
    }
    return claims;
  } catch {
    return undefined;
  }
}
