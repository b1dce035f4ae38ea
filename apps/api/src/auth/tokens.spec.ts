import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { issueSessionToken, verifySessionToken } from './tokens';

const secret = 'a'.repeat(48);
const userId = '00000000-0000-4000-8000-000000000001';
const sessionId = '00000000-0000-4000-8000-0000000000aa';
const issuedAt = new Date('2026-01-01T00:00:00Z');
const expiresAt = new Date('2026-01-01T01:00:00Z');
const token = () => issueSessionToken(secret, { userId, sessionId, issuedAt, expiresAt, stateId: 'ak', role: 'state-staff' });

describe('session tokens', () => {
  it('round-trips user id, session id, expiry, state and role', () => {
    expect(verifySessionToken(secret, token(), new Date('2026-01-01T00:30:00Z'))).toEqual({
      sub: userId, jti: sessionId, iat: issuedAt.getTime() / 1000, exp: expiresAt.getTime() / 1000,
      access: { stateId: 'ak', role: 'state-staff' },
    });
  });

  it('accepts tokens from before state and role were claims (no access hint), and refuses malformed ones', () => {
    const { st, role, ...older } = jwt.decode(token()) as jwt.JwtPayload;
    expect([st, role]).toEqual(['ak', 'state-staff']);
    const now = new Date('2026-01-01T00:30:00Z');
    expect(verifySessionToken(secret, jwt.sign(older, secret), now)).toEqual(expect.objectContaining({ sub: userId, jti: sessionId }));
    expect(verifySessionToken(secret, jwt.sign(older, secret), now)?.access).toBeUndefined();
    expect(verifySessionToken(secret, jwt.sign({ ...older, st: 'ak', role: 'root' }, secret), now)).toBeUndefined();
    expect(verifySessionToken(secret, jwt.sign({ ...older, st: "ak' or 1=1", role: 'admin' }, secret), now)).toBeUndefined();
    expect(verifySessionToken(secret, jwt.sign({ ...older, role: 'admin' }, secret), now)).toBeUndefined();
  });

  it('rejects expired tokens', () => {
    expect(verifySessionToken(secret, token(), new Date('2026-01-01T01:00:01Z'))).toBeUndefined();
  });

  it('rejects tokens signed with another secret, another algorithm or none', () => {
    const claims = jwt.decode(token()) as jwt.JwtPayload;
    const now = new Date('2026-01-01T00:30:00Z');
    expect(verifySessionToken(secret, jwt.sign(claims, 'b'.repeat(48)), now)).toBeUndefined();
    expect(verifySessionToken(secret, jwt.sign(claims, secret, { algorithm: 'HS512' }), now)).toBeUndefined();
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(verifySessionToken(secret, none, now)).toBeUndefined();
  });

  it('rejects tampered payloads and foreign issuers', () => {
    const [h, , s] = token().split('.');
    const forged = Buffer.from(JSON.stringify({ sub: userId, jti: sessionId, exp: 9999999999, iss: 'eapd-api' })).toString('base64url');
    const now = new Date('2026-01-01T00:30:00Z');
    expect(verifySessionToken(secret, `${h}.${forged}.${s}`, now)).toBeUndefined();
    const claims = jwt.decode(token()) as jwt.JwtPayload;
    expect(verifySessionToken(secret, jwt.sign({ ...claims, iss: 'someone-else' }, secret), now)).toBeUndefined();
  });

  it('rejects ids that are not UUIDs (they would be database errors, not 401s)', () => {
    const bad = jwt.sign({ sub: "1' or '1'='1", jti: sessionId, iss: 'eapd-api', exp: 9999999999 }, secret);
    expect(verifySessionToken(secret, bad, new Date('2026-01-01T00:30:00Z'))).toBeUndefined();
  });
  describe('once verified (looked up instead of verified again)', () => {
    const now = new Date('2026-01-01T00:30:00Z');

    it('still expires, and is still refused under another secret', () => {
      const t = token();
      expect(verifySessionToken(secret, t, now)?.sub).toBe(userId);
      expect(verifySessionToken(secret, t, now)?.sub).toBe(userId);
      expect(verifySessionToken(secret, t, new Date('2026-01-01T01:00:00Z'))).toBeUndefined();
      expect(verifySessionToken('b'.repeat(48), t, now)).toBeUndefined();
      expect(verifySessionToken(secret, t, now)?.sub).toBe(userId);
    });

    it('never lets a different string through because a similar one was verified', () => {
      const t = token();
      expect(verifySessionToken(secret, t, now)).toBeDefined();
      fc.assert(
        fc.property(fc.nat({ max: t.length - 1 }), fc.constantFrom(...'ABCabc012-_.'), (at, char) => {
          const changed = t.slice(0, at) + char + t.slice(at + 1);
          fc.pre(changed !== t);
          const claims = verifySessionToken(secret, changed, now);
          // Base64url has a little slack in its last character; anything accepted must be the same claims.
          if (claims) expect(jwt.verify(changed, secret)).toMatchObject({ sub: userId, jti: sessionId });
        }),
        { numRuns: 300 },
      );
    });
  });
});
