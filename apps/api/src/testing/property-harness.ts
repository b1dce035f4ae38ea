import fc from 'fast-check';
import { readdir } from 'node:fs/promises';
import type { Response } from 'supertest';
import { createOktaVerifier } from '../auth/okta-verifier';
import { TEST_USERS } from '../db/test-fixtures';
import { startLocalOkta, type LocalOkta } from './local-jwks';
import { createTestContext, type TestContext } from './test-context';

/** FC_SEED and FC_NUM_RUNS choose the run; a failure prints the seed, the path and the shrunk input. */
export const SEED = Number(process.env['FC_SEED'] ?? 20261201);
export const NUM_RUNS = Number(process.env['FC_NUM_RUNS'] ?? 30);

export type Who = 'nobody' | 'ak' | 'md' | 'admin' | 'garbage';

export interface PropertyHarness {
  ctx: TestContext;
  okta: LocalOkta;
  auth(who: Who): Record<string, string>;
  /**
   * Sends one request and checks the invariants every answer must keep: a 2xx or a 4xx (never a
   * 5xx or a redirect); a 4xx is a JSON error, a 400 names the fields at fault (body.…, query.…,
   * params.…); and a refused request changed nothing in the database or the file store. Refused
   * logins (401/423) legitimately count the attempt: `countsAttempts` allows exactly that.
   */
  check(send: () => Promise<Response>, options?: { countsAttempts?: boolean }): Promise<Response>;
  run<T>(property: fc.IAsyncProperty<T>, numRuns?: number): Promise<void>;
  close(): Promise<void>;
}

/** A test context with Okta configured (so no route answers 501) and sessions for the known users. */
export async function createPropertyHarness(): Promise<PropertyHarness> {
  const okta = await startLocalOkta();
  const verifier = createOktaVerifier({ issuer: okta.issuer, audience: 'api://default' }, { testing: { disableHttpsCheck: true } });
  let ctx: TestContext | undefined;
  const tokens: Partial<Record<Who, string>> = { garbage: 'not.a.token' };
  try {
    // A high limit: the lockout has its own tests; here it would only turn every login into a 423.
    ctx = await createTestContext({ okta: verifier, config: { lockout: { maxFailedAttempts: 1_000_000, windowSeconds: 600, lockSeconds: 900 } } });
    tokens.ak = await ctx.login(TEST_USERS.akStaff.email);
    tokens.md = await ctx.login(TEST_USERS.mdStaff.email);
    tokens.admin = await ctx.login(TEST_USERS.admin.email);
  } catch (e) {
    await ctx?.close();
    await okta.close();
    throw e;
  }
  return harness(ctx, okta, tokens);
}

function harness(ctx: TestContext, okta: LocalOkta, tokens: Partial<Record<Who, string>>): PropertyHarness {
  const auth = (who: Who): Record<string, string> => (tokens[who] ? { Authorization: `Bearer ${tokens[who]}` } : {});

  async function snapshot(): Promise<string> {
    const { rows } = await ctx.db.raw(`
      select (select md5(coalesce(string_agg(a::text, '|' order by a.id), '')) from apds a)
          || (select md5(coalesce(string_agg(f::text, '|' order by f.id), '')) from files f)
          || (select md5(coalesce(string_agg(s::text, '|' order by s.id), '')) from sessions s)
          || (select md5(coalesce(string_agg(u::text, '|' order by u.id), '')) from users u)
          || (select md5(coalesce(string_agg(t::text, '|' order by t.email), '')) from login_throttles t) as digest`);
    const files = (await readdir(ctx.filesDirectory, { recursive: true }).catch(() => [])).sort().join('|');
    return `${rows[0].digest}:${files}`;
  }

  async function check(send: () => Promise<Response>, options: { countsAttempts?: boolean } = {}): Promise<Response> {
    const before = await snapshot();
    const res = await send();
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(500);
    expect(res.status >= 300 && res.status < 400).toBe(false);
    if (res.status >= 400) {
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
      if (res.status === 400) {
        expect(res.body.error.problems.length).toBeGreaterThan(0);
        for (const p of res.body.error.problems) expect(p.path).toMatch(/^(body|query|params)(\.|$)/);
      }
      const attemptCounted = options.countsAttempts && (res.status === 401 || res.status === 423);
      if (!attemptCounted) expect(await snapshot()).toBe(before);
    }
    return res;
  }

  return {
    ctx,
    okta,
    auth,
    check,
    run: (property, numRuns = NUM_RUNS) => fc.assert(property, { seed: SEED, numRuns }),
    async close() {
      await ctx.close();
      await okta.close();
    },
  };
}
