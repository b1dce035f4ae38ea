import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { TEST_USERS } from '../db/test-fixtures';
import { errorSchema } from '../http/common-schemas';
import { TEST_ITERATIONS } from '../testing/test-config';
import { createTestContext, type TestContext } from '../testing/test-context';
import { hashPassword } from './password';

const PASSWORD = 'the-right-password-1';
/** Higher than the default test limit (3), so parallel bursts below the limit have room. */
const MAX = 6;
const LOCK_SECONDS = 900;
const BAD_CREDENTIALS = { code: 'unauthorized', message: 'The email or password is incorrect.' };
/** Headers whose value differs from one response to the next whatever the request. */
const PER_RESPONSE_HEADERS = new Set(['date', 'x-request-id', 'etag']);

/**
 * `attemptsRemaining` on a wrong password (401 from POST /api/auth/login): taken from the row
 * the lockout's atomic UPDATE returns, so it counts down exactly, stays consistent when wrong
 * passwords arrive in parallel (never more than what is really left), and unknown emails get
 * the same answers as accounts, so the number reveals nothing about which emails exist.
 */
describe('attemptsRemaining on a wrong password', () => {
  jest.setTimeout(120_000);
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ config: { lockout: { maxFailedAttempts: MAX, windowSeconds: 600, lockSeconds: LOCK_SECONDS } } });
  });
  afterAll(() => ctx.close());

  /** A user no other test touches, with a hash at the configured cost. */
  async function freshAccount(): Promise<string> {
    const email = `fresh-${randomUUID()}@example.test`;
    await ctx.db('users').insert({ id: randomUUID(), email, name: 'Fresh', state_id: 'ak', role: 'state-staff', password_hash: await hashPassword(PASSWORD, TEST_ITERATIONS) });
    return email;
  }
  const unknownEmail = () => `nobody-${randomUUID()}@example.test`;
  const login = (email: string, password: string) => ctx.http().post('/api/auth/login').send({ email, password });
  const remaining = (res: Response) => res.body.error.attemptsRemaining as number;

  /** What a caller can see of an answer, minus what changes on every response. */
  function visible(res: Response) {
    const headers = Object.fromEntries(Object.entries(res.headers).filter(([name]) => !PER_RESPONSE_HEADERS.has(name)));
    return { status: res.status, headers, body: res.body };
  }

  it('counts down one per wrong password, matching the failures stored, then the last failure locks (423, no count)', async () => {
    const email = await freshAccount();
    for (let failures = 1; failures < MAX; failures++) {
      const res = await login(email, 'wrong').expect(401);
      expect(res.body).toEqual({ error: { ...BAD_CREDENTIALS, attemptsRemaining: MAX - failures } });
      expect(errorSchema.parse(res.body)).toEqual(res.body); // the documented Error shape
      const row = await ctx.db('users').where({ email }).first();
      expect(remaining(res)).toBe(MAX - row.failed_attempts);
    }
    const locked = await login(email, 'wrong').expect(423);
    expect(locked.body.error).not.toHaveProperty('attemptsRemaining');
    expect(locked.headers['retry-after']).toBe(String(LOCK_SECONDS));
    await login(email, PASSWORD).expect(423);
  });

  it('starts again from the limit after a successful sign-in and after the window has passed', async () => {
    const email = await freshAccount();
    await login(email, 'wrong').expect(401);
    expect(remaining(await login(email, 'wrong').expect(401))).toBe(MAX - 2);
    await login(email, PASSWORD).expect(200);
    expect(remaining(await login(email, 'wrong').expect(401))).toBe(MAX - 1);
    expect(remaining(await login(email, 'wrong').expect(401))).toBe(MAX - 2);
    ctx.advance(601);
    expect(remaining(await login(email, 'wrong').expect(401))).toBe(MAX - 1);
  });

  describe('under parallel wrong passwords', () => {
    /**
     * Every attempt is reserved (counted) before its password is checked, and its answer is read
     * from the row its own UPDATE returned. So the attempt reserved k-th sees at least k failures:
     * sorted from the highest, the j-th answer says at most MAX - j, the last reserved one says
     * exactly MAX - k, and none is lost: the next sequential failure continues from there.
     */
    function expectConsistent(counts: number[], burst: number) {
      const sorted = [...counts].sort((a, b) => b - a);
      sorted.forEach((count, j) => {
        expect(Number.isInteger(count)).toBe(true);
        expect([j, count]).toEqual([j, Math.min(count, MAX - (j + 1))]); // never more than what is really left
        expect(count).toBeGreaterThanOrEqual(1); // a 401 is never the failure that locked
      });
      if (burst < MAX) expect(sorted[sorted.length - 1]).toBe(MAX - burst);
    }

    for (const [subject, email] of [
      ['an account', freshAccount],
      ['an unknown email', async () => unknownEmail()],
    ] as const) {
      it(`stays consistent for ${subject}: bursts below the limit all answer 401 with counts that add up`, async () => {
        for (let burst = 2; burst < MAX; burst++) {
          const target = await email();
          const answers = await Promise.all(Array.from({ length: burst }, (_, i) => login(target, `wrong-${i}`)));
          expect(answers.map((r) => r.status)).toEqual(Array(burst).fill(401));
          expectConsistent(answers.map(remaining), burst);
          // Nothing lost or double-counted: the next failure continues from the burst.
          const next = await login(target, 'wrong');
          if (burst === MAX - 1) expect(next.status).toBe(423);
          else expect([next.status, remaining(next)]).toEqual([401, MAX - burst - 1]);
        }
      });

      it(`stays consistent for ${subject}: a burst past the limit answers at most MAX - 1 counts, then the lock`, async () => {
        const target = await email();
        const burst = 4 * MAX;
        const answers = await Promise.all(Array.from({ length: burst }, (_, i) => login(target, `wrong-${i}`)));
        const refused = answers.filter((r) => r.status === 401);
        expect(answers.every((r) => r.status === 401 || r.status === 423)).toBe(true);
        expect(refused.length).toBeLessThanOrEqual(MAX - 1);
        expectConsistent(refused.map(remaining), burst);
        for (const res of answers.filter((r) => r.status === 423)) expect(res.body.error).not.toHaveProperty('attemptsRemaining');
        await login(target, 'wrong').expect(423);
      });
    }
  });

  describe('unknown emails', () => {
    it('get answers indistinguishable from an account with a wrong password, step by step to the lock', async () => {
      const account = await freshAccount();
      const unknown = unknownEmail();
      for (let step = 1; step <= MAX + 1; step++) {
        const [fromAccount, fromUnknown] = [await login(account, 'wrong'), await login(unknown, 'wrong')];
        expect([step, visible(fromUnknown)]).toEqual([step, visible(fromAccount)]);
      }
    });

    it('get the same answers as an account that signs in with Okta only (no password)', async () => {
      const unknown = unknownEmail();
      for (let step = 1; step <= MAX + 1; step++) {
        const [fromOkta, fromUnknown] = [await login(TEST_USERS.oktaOnly.email, PASSWORD), await login(unknown, PASSWORD)];
        expect([step, visible(fromUnknown)]).toEqual([step, visible(fromOkta)]);
      }
    });

    it('are counted case-insensitively, as accounts are', async () => {
      const account = await freshAccount();
      const unknown = unknownEmail();
      const variants = (email: string) => [email, email.toUpperCase(), email.replace(/^(\w)(\w+)/, (_, a: string, b: string) => a.toUpperCase() + b)];
      const counts = async (email: string) => {
        const out: number[] = [];
        for (const variant of variants(email)) out.push(remaining(await login(variant, 'wrong').expect(401)));
        return out;
      };
      const expected = [MAX - 1, MAX - 2, MAX - 3];
      expect(await counts(unknown)).toEqual(expected);
      expect(await counts(account)).toEqual(expected);
    });
  });
});
