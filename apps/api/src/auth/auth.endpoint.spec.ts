import jwt from 'jsonwebtoken';
import { TEST_PASSWORD, TEST_SEED_ITERATIONS, TEST_USERS } from '../db/test-fixtures';
import { TEST_ITERATIONS } from '../testing/test-config';
import { createTestContext, type TestContext } from '../testing/test-context';
import { hashPassword, parsePasswordRecord } from './password';

// The module object itself (not an import wrapper), so the spy sees password.ts's calls.
const nodeCrypto = require('node:crypto') as typeof import('node:crypto');

describe('auth endpoints', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  describe('POST /api/auth/login', () => {
    it('returns a session token and the user for the right password', async () => {
      const res = await ctx.http().post('/api/auth/login').send({ email: 'AK-Staff@Example.test', password: TEST_PASSWORD }).expect(200);
      expect(res.body.user).toEqual({ id: TEST_USERS.akStaff.id, email: TEST_USERS.akStaff.email, name: 'Alaska Staff', state: 'ak', role: 'state-staff' });
      const claims = jwt.verify(res.body.token, ctx.deps.config.sessionSecret) as jwt.JwtPayload;
      expect(claims.sub).toBe(TEST_USERS.akStaff.id);
      expect(typeof claims.jti).toBe('string');
      expect(claims.exp).toBe(Math.floor(new Date(res.body.expiresAt).getTime() / 1000));
    });

    it('re-hashes the password with the configured iteration count after a good login', async () => {
      const before = await ctx.db('users').where({ id: TEST_USERS.mdStaff.id }).first();
      expect(parsePasswordRecord(before.password_hash)?.iterations).toBe(TEST_SEED_ITERATIONS);
      await ctx.login(TEST_USERS.mdStaff.email);
      const after = await ctx.db('users').where({ id: TEST_USERS.mdStaff.id }).first();
      expect(parsePasswordRecord(after.password_hash)?.iterations).toBe(TEST_ITERATIONS);
      await ctx.login(TEST_USERS.mdStaff.email); // still works with the new hash
    });

    it('answers 401 for a wrong password and for an unknown email, with the same message', async () => {
      const wrong = await ctx.http().post('/api/auth/login').send({ email: TEST_USERS.admin.email, password: 'nope' }).expect(401);
      const unknown = await ctx.http().post('/api/auth/login').send({ email: 'nobody@example.test', password: 'nope' }).expect(401);
      expect(wrong.body.error.message).toBe(unknown.body.error.message);
      expect(JSON.stringify(wrong.body)).not.toMatch(/token/);
    });

    it('spends the configured PBKDF2 cost on every failing path, topping up stored hashes made at a lower cost', async () => {
      // A hash made before the configured cost was raised (as the test seed's are).
      await ctx.db('users').where({ id: TEST_USERS.akStaff.id }).update({ password_hash: await hashPassword(TEST_PASSWORD, TEST_SEED_ITERATIONS) });
      const spy = jest.spyOn(nodeCrypto, 'pbkdf2');
      try {
        const cases = [
          { email: 'nobody-at-all@example.test', password: 'x' }, // unknown email
          { email: TEST_USERS.oktaOnly.email, password: 'x' }, // no password
          { email: TEST_USERS.akStaff.email, password: 'wrong' }, // stored at TEST_SEED_ITERATIONS, cheaper than configured
        ];
        for (const body of cases) {
          spy.mockClear();
          await ctx.http().post('/api/auth/login').send(body).expect(401);
          const iterations = spy.mock.calls.map((call) => call[2] as number);
          expect([body.email, iterations.reduce((a, b) => a + b, 0)]).toEqual([body.email, TEST_ITERATIONS]);
        }
        expect(TEST_SEED_ITERATIONS).toBeLessThan(TEST_ITERATIONS);
      } finally {
        spy.mockRestore();
      }
    });

    it('spends the highest stored cost on every path while a stored hash is dearer than the configured cost', async () => {
      const pricey = await createTestContext();
      const spy = jest.spyOn(nodeCrypto, 'pbkdf2');
      try {
        const dear = TEST_ITERATIONS * 3;
        await pricey.db('users').where({ id: TEST_USERS.mdStaff.id }).update({ password_hash: await hashPassword(TEST_PASSWORD, dear) });
        const totals: Record<string, number> = {};
        for (const [name, body, status] of [
          ['unknown', { email: 'nobody-at-all@example.test', password: 'x' }, 401],
          ['cheap stored hash', { email: TEST_USERS.admin.email, password: 'wrong' }, 401],
          ['dear stored hash', { email: TEST_USERS.mdStaff.email, password: 'wrong' }, 401],
        ] as const) {
          spy.mockClear();
          await pricey.http().post('/api/auth/login').send(body).expect(status);
          totals[name] = spy.mock.calls.reduce((sum, call) => sum + (call[2] as number), 0);
        }
        expect(totals).toEqual({ unknown: dear, 'cheap stored hash': dear, 'dear stored hash': dear });
      } finally {
        spy.mockRestore();
        await pricey.close();
      }
    });

    it('rejects invalid bodies with 400 and a list of field problems', async () => {
      const res = await ctx.http().post('/api/auth/login').send({ email: 'not-an-email', password: '', extra: 1 }).expect(400);
      const paths = res.body.error.problems.map((p: { path: string }) => p.path).sort();
      expect(paths).toEqual(['body.email', 'body.extra', 'body.password']);
    });

    it('rejects malformed JSON, wrong content types and oversized bodies with 4xx', async () => {
      const malformed = await ctx.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ').expect(400);
      expect(malformed.body.error.code).toBe('malformed_json');
      await ctx.http().post('/api/auth/login').set('Content-Type', 'text/plain').send('email=a&password=b').expect(415);
      await ctx.http().post('/api/auth/login').type('form').send({ email: 'a@b.c', password: 'x' }).expect(415);
      const huge = JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(300 * 1024) });
      const res = await ctx.http().post('/api/auth/login').set('Content-Type', 'application/json').send(huge).expect(413);
      expect(res.body.error.code).toBe('payload_too_large');
    });

    it('treats SQL metacharacters as plain data', async () => {
      await ctx.http().post('/api/auth/login').send({ email: "x'or'1'='1@example.test", password: 'x' }).expect(400);
      await ctx.http().post('/api/auth/login').send({ email: TEST_USERS.admin.email, password: "' OR 1=1; --" }).expect(401);
      await ctx.http().post('/api/auth/login').send({ email: "admin@example.test' --", password: TEST_PASSWORD }).expect(400);
      expect(await ctx.db('users').count({ n: '*' }).first()).toEqual({ n: Object.keys(TEST_USERS).length });
    });
  });

  describe('lockout', () => {
    const { maxFailedAttempts } = { maxFailedAttempts: 3 };

    it('locks an account after N failures within the window, even for the right password, then unlocks', async () => {
      const email = TEST_USERS.lockout.email;
      for (let i = 1; i < maxFailedAttempts; i++) {
        const refused = await ctx.http().post('/api/auth/login').send({ email, password: 'wrong' }).expect(401);
        // The web app warns with it: failures left before the lock.
        expect(refused.body.error.attemptsRemaining).toBe(maxFailedAttempts - i);
      }
      const locked = await ctx.http().post('/api/auth/login').send({ email, password: 'wrong' }).expect(423);
      expect(locked.body.error.message).toMatch(/locked.*Try again in 15 minutes/);
      expect(locked.headers['retry-after']).toBe(String(15 * 60));
      ctx.advance(60);
      const still = await ctx.http().post('/api/auth/login').send({ email, password: 'wrong' }).expect(423);
      expect(still.headers['retry-after']).toBe(String(14 * 60));
      ctx.advance(-60);
      await ctx.http().post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(423);
      ctx.advance(15 * 60 + 1);
      await ctx.http().post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
      const row = await ctx.db('users').where({ email }).first();
      expect(row).toMatchObject({ failed_attempts: 0, locked_until: null });
    });

    it('counts only failures inside the window', async () => {
      const email = TEST_USERS.lockout.email;
      for (let i = 1; i < maxFailedAttempts; i++) await ctx.http().post('/api/auth/login').send({ email, password: 'wrong' }).expect(401);
      ctx.advance(601);
      await ctx.http().post('/api/auth/login').send({ email, password: 'wrong' }).expect(401);
      await ctx.http().post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
    });

    it('locks unknown emails the same way, so a 423 does not reveal that an account exists', async () => {
      const email = 'ghost@example.test';
      for (let i = 1; i < maxFailedAttempts; i++) {
        const refused = await ctx.http().post('/api/auth/login').send({ email, password: 'x' }).expect(401);
        expect(refused.body.error.attemptsRemaining).toBe(maxFailedAttempts - i); // counted exactly like an account
      }
      const locked = await ctx.http().post('/api/auth/login').send({ email, password: 'x' }).expect(423);
      expect(locked.headers['retry-after']).toBe(String(15 * 60));
      expect(await ctx.db('users').where({ email }).first()).toBeUndefined();
    });

    it('still spends a PBKDF2 computation when answering 423', async () => {
      const spy = jest.spyOn(nodeCrypto, 'pbkdf2');
      try {
        await ctx.http().post('/api/auth/login').send({ email: 'ghost@example.test', password: 'x' }).expect(423);
        expect(spy).toHaveBeenCalledTimes(1);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('sessions', () => {
    let token: string;
    beforeEach(async () => {
      token = await ctx.login(TEST_USERS.akStaff.email);
    });

    it('GET /api/me returns the signed-in user', async () => {
      const res = await ctx.http().get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body.user).toMatchObject({ email: TEST_USERS.akStaff.email, state: 'ak' });
    });

    it('answers 401 without a token or with a malformed header', async () => {
      await ctx.http().get('/api/me').expect(401);
      await ctx.http().get('/api/me').set('Authorization', token).expect(401);
      await ctx.http().get('/api/me').set('Authorization', 'Bearer not a token').expect(401);
    });

    it('answers 401 for a tampered token', async () => {
      const [h, p, s] = token.split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      payload.sub = TEST_USERS.admin.id;
      const tampered = [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.');
      await ctx.http().get('/api/me').set('Authorization', `Bearer ${tampered}`).expect(401);
    });

    it('answers 401 for a token signed with another secret or with alg "none"', async () => {
      const claims = jwt.decode(token) as jwt.JwtPayload;
      const foreign = jwt.sign(claims, 'another-secret-entirely-32-bytes-long!!');
      await ctx.http().get('/api/me').set('Authorization', `Bearer ${foreign}`).expect(401);
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
      await ctx.http().get('/api/me').set('Authorization', `Bearer ${none}`).expect(401);
    });

    it('answers 401 once the token has expired', async () => {
      ctx.advance(ctx.deps.config.sessionTtlSeconds + 1);
      await ctx.http().get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
    });

    it('POST /api/auth/logout revokes the session', async () => {
      await ctx.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
      await ctx.http().get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
      await ctx.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(401);
      const other = await ctx.login(TEST_USERS.akStaff.email);
      await ctx.http().get('/api/me').set('Authorization', `Bearer ${other}`).expect(200);
    });
  });
  describe('the queue in front of PBKDF2', () => {
    it('hashes one login at a time (PBKDF2_CONCURRENCY=1), refuses beyond the queue with 503 + Retry-After, and a refusal costs no attempt', async () => {
      const busy = await createTestContext({ config: { pbkdf2Concurrency: 1, pbkdf2QueueLimit: 2 } });
      const original = nodeCrypto.pbkdf2;
      let inFlight = 0;
      let peak = 0;
      // Counts derivations started and not yet finished.
      const spy = jest.spyOn(nodeCrypto, 'pbkdf2').mockImplementation(((...args: unknown[]) => {
        const callback = args.pop() as (err: Error | null, key: Buffer) => void;
        peak = Math.max(peak, ++inFlight);
        (original as (...a: unknown[]) => void)(...args, (err: Error | null, key: Buffer) => {
          inFlight--;
          callback(err, key);
        });
      }) as never);
      try {
        const responses = await Promise.all(
          Array.from({ length: 6 }, () => busy.http().post('/api/auth/login').send({ email: TEST_USERS.akStaff.email, password: TEST_PASSWORD })),
        );
        const statuses = responses.map((r) => r.status).sort();
        expect(statuses).toEqual([200, 200, 200, 503, 503, 503]);
        for (const refused of responses.filter((r) => r.status === 503)) {
          expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
          expect(refused.body.error).toMatchObject({ code: 'busy', message: expect.stringMatching(/Try again in \d+ second/) });
        }
        expect(peak).toBe(1);
        const user = await busy.db('users').where({ id: TEST_USERS.akStaff.id }).first();
        expect(user.failed_attempts).toBe(0);
      } finally {
        spy.mockRestore();
        await busy.close();
      }
    });
  });
});
