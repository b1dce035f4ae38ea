import fc from 'fast-check';
import { TEST_APDS, TEST_USERS } from '../db/test-fixtures';
import { BOUND_NUMBERS, percentEncode } from '../testing/arbitraries';
import { createPropertyHarness, type PropertyHarness, type Who } from '../testing/property-harness';

/**
 * Targeted properties: an otherwise valid request with ONE field made hostile, so the input
 * reaches as deep as a real client's would. Text with a NUL or an unpaired surrogate anywhere
 * in any text field is a 400 naming exactly that field; a number at or past any bound is a 2xx
 * or a 400 naming that field (a stale version: 409); nothing is stored either way.
 */
describe('one hostile field in an otherwise valid request', () => {
  let h: PropertyHarness;
  beforeAll(async () => {
    h = await createPropertyHarness();
  }, 60_000);
  afterAll(() => h?.close());
  jest.setTimeout(180_000);

  const AK_APD = TEST_APDS[0].id;
  const validApd = () => ({
    name: 'Valid APD',
    years: [2027, 2028],
    summary: 'A summary',
    activities: [{ name: 'Build', description: 'Build it', budget: [{ year: 2027, category: 'contractors', federalSharePercent: 90, amountCents: 100 }] }],
  });

  interface JsonRoute {
    label: string;
    method: 'post' | 'patch';
    path: string;
    who: Who;
    valid: () => Promise<Record<string, unknown>> | Record<string, unknown>;
    text: string[];
    numbers: string[];
  }
  const currentVersion = async () => (await h.ctx.http().get(`/api/apds/${AK_APD}`).set(h.auth('ak')).expect(200)).body.version as number;
  const routes: JsonRoute[] = [
    { label: 'login', method: 'post', path: '/api/auth/login', who: 'nobody', valid: () => ({ email: TEST_USERS.admin.email, password: 'not-the-password' }), text: ['email', 'password'], numbers: [] },
    { label: 'okta', method: 'post', path: '/api/auth/okta', who: 'nobody', valid: () => ({ accessToken: 'an.okta.token' }), text: ['accessToken'], numbers: [] },
    {
      label: 'create APD', method: 'post', path: '/api/apds', who: 'ak', valid: validApd,
      text: ['name', 'summary', 'activities.0.name', 'activities.0.description', 'activities.0.budget.0.category'],
      numbers: ['years.1', 'activities.0.budget.0.year', 'activities.0.budget.0.federalSharePercent', 'activities.0.budget.0.amountCents'],
    },
    {
      label: 'change APD', method: 'patch', path: `/api/apds/${AK_APD}`, who: 'ak',
      valid: async () => ({ version: await currentVersion(), ...validApd() }),
      text: ['name', 'summary', 'activities.0.name', 'activities.0.budget.0.category'],
      numbers: ['version', 'years.1', 'activities.0.budget.0.amountCents'],
    },
  ];

  /** Valid text with one NUL or unpaired surrogate put somewhere in it. */
  const tainted = fc
    .tuple(fc.string({ maxLength: 20 }), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'), fc.string({ maxLength: 20 }))
    .map(([before, bad, after]) => `${before}${bad}${after}`);

  function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
    const keys = path.split('.');
    let node = target as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[keys[keys.length - 1]] = value;
  }

  /** The problem is about the field itself, or about the list it is in ("Years must not repeat"). */
  const namesField = (problemPath: string, field: string) => `body.${field}` === problemPath || `body.${field}`.startsWith(`${problemPath}.`);

  const send = (route: JsonRoute, payload: unknown) => () =>
    h.ctx.http()[route.method](route.path).set(h.auth(route.who)).set('Content-Type', 'application/json').send(JSON.stringify(payload));

  it('every text field refuses a NUL, a lone high and a lone low surrogate (each field, each one)', async () => {
    for (const route of routes) {
      for (const path of route.text) {
        for (const bad of ['a\u0000b', 'bad\ud800x', '\udc00']) {
          const payload = await route.valid();
          setPath(payload, path, bad);
          const res = await h.check(send(route, payload));
          expect({ route: route.label, path, bad, status: res.status, named: res.body.error?.problems?.map((p: { path: string }) => p.path) }).toEqual({
            route: route.label, path, bad, status: 400, named: [`body.${path}`],
          });
        }
      }
    }
  });

  it('every number field, at and past every bound: a 2xx, a 400 naming it, or (a stale version) a 409', async () => {
    for (const route of routes) {
      for (const path of route.numbers) {
        for (const value of BOUND_NUMBERS) {
          const payload = await route.valid();
          setPath(payload, path, value);
          const res = await h.check(send(route, payload));
          const named = res.status === 400 && res.body.error.problems.some((p: { path: string }) => namesField(p.path, path));
          const fine = res.status < 300 || named || (path === 'version' && res.status === 409);
          expect({ route: route.label, path, value, status: res.status, fine }).toEqual({ route: route.label, path, value, status: res.status, fine: true });
        }
      }
    }
  });

  it('text with a NUL or an unpaired surrogate in any text field is a 400 naming that field, storing nothing', () =>
    h.run(
      fc.asyncProperty(
        fc.constantFrom(...routes).chain((route) => fc.tuple(fc.constant(route), fc.constantFrom(...route.text))),
        tainted,
        async ([route, path], text) => {
          const payload = await route.valid();
          setPath(payload, path, text);
          const res = await h.check(send(route, payload));
          expect(res.status).toBe(400);
          expect(res.body.error.problems.map((p: { path: string }) => p.path)).toEqual([`body.${path}`]);
        },
      ),
    ));

  it('a number at or past any bound is a 2xx, a 400 naming that field, or (a stale version) a 409', () =>
    h.run(
      fc.asyncProperty(
        fc.constantFrom(...routes.filter((r) => r.numbers.length)).chain((route) => fc.tuple(fc.constant(route), fc.constantFrom(...route.numbers))),
        fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...BOUND_NUMBERS) }, { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
        async ([route, path], value) => {
          const payload = await route.valid();
          setPath(payload, path, value);
          const res = await h.check(send(route, payload));
          if (res.status === 400) expect(res.body.error.problems.some((p: { path: string }) => namesField(p.path, path))).toBe(true);
          else if (path === 'version') expect([200, 409]).toContain(res.status);
          else expect(res.status).toBeLessThan(300);
        },
      ),
    ));

  it('query parameters and path ids: hostile text is a 400 naming it; numbers at and past the bounds are a 200 or a 400 naming them', () =>
    h.run(
      fc.asyncProperty(
        fc.oneof(
          tainted.map((q) => ({ url: `/api/apds?q=${percentEncode(q)}`, field: 'query.q', mustRefuse: true })),
          fc.tuple(fc.constantFrom('limit', 'offset', 'year'), fc.constantFrom(...BOUND_NUMBERS)).map(([name, n]) => ({ url: `/api/apds?${name}=${n}`, field: `query.${name}`, mustRefuse: false })),
          tainted.map((id) => ({ url: `/api/apds/${percentEncode(id)}`, field: 'params.id', mustRefuse: true })),
          tainted.map((id) => ({ url: `/api/apds/${AK_APD}/files/${percentEncode(id)}`, field: 'params.fileId', mustRefuse: true })),
        ),
        async ({ url, field, mustRefuse }) => {
          const res = await h.check(() => h.ctx.http().get(url).set(h.auth('ak')));
          if (mustRefuse) expect(res.status).toBe(400);
          // A path segment Express cannot decode at all is reported as the path ("params").
          const named = (res.body.error?.problems ?? []).some((p: { path: string }) => p.path === field || (field.startsWith('params.') && p.path === 'params'));
          if (res.status === 400) expect({ field, named }).toEqual({ field, named: true });
          else expect(res.status).toBe(200);
        },
      ),
    ));
});
