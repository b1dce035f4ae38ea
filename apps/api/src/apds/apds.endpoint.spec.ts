import { TEST_APDS, TEST_USERS } from '../db/test-fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { apdListSchema } from './schemas';

const newApd = {
  name: 'New project',
  years: [2027, 2028],
  summary: 'A new project',
  activities: [{ name: 'Build', description: 'Build it', budget: [{ year: 2028, category: 'contractors', federalSharePercent: 90, amountCents: 100 }] }],
};

describe('APD endpoints', () => {
  let ctx: TestContext;
  let ak: string;
  let md: string;
  let admin: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    ctx = await createTestContext();
    [ak, md, admin] = await Promise.all([ctx.login(TEST_USERS.akStaff.email), ctx.login(TEST_USERS.mdStaff.email), ctx.login(TEST_USERS.admin.email)]);
  });
  afterAll(() => ctx.close());

  describe('GET /api/apds', () => {
    it('lists only the caller\'s state, newest change first', async () => {
      const res = await ctx.http().get('/api/apds').set(as(ak)).expect(200);
      expect(res.body.items.map((a: { id: string }) => a.id)).toEqual(TEST_APDS.filter((a) => a.stateId === 'ak').map((a) => a.id));
      expect(res.body).toMatchObject({ total: 3, limit: 20, offset: 0 });
      expect(res.body.items[0]).not.toHaveProperty('activities');
    });

    it('answers each item as the documented summary: the APD\'s own fields, same text as GET /api/apds/:id', async () => {
      const res = await ctx.http().get('/api/apds').set(as(ak)).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(apdListSchema.safeParse(res.body).success).toBe(true);
      for (const item of res.body.items) {
        const full = (await ctx.http().get(`/api/apds/${item.id}`).set(as(ak)).expect(200)).body;
        const { id, state, name, years, version, createdAt, updatedAt } = full;
        expect(item).toStrictEqual({ id, state, name, years, version, createdAt, updatedAt });
      }
      expect(res.body.items[0].updatedAt).toBe(TEST_APDS[0].updatedAt.replace('Z', '.000Z'));
    });

    it('pages with limit and offset and reports the total', async () => {
      const page1 = await ctx.http().get('/api/apds?limit=2&offset=0').set(as(ak)).expect(200);
      const page2 = await ctx.http().get('/api/apds?limit=2&offset=2').set(as(ak)).expect(200);
      const past = await ctx.http().get('/api/apds?limit=2&offset=10').set(as(ak)).expect(200);
      expect(page1.body.items).toHaveLength(2);
      expect(page2.body.items).toHaveLength(1);
      expect(new Set([...page1.body.items, ...page2.body.items].map((a) => a.id)).size).toBe(3);
      expect([page1.body.total, page2.body.total, past.body.total]).toEqual([3, 3, 3]);
      expect(past.body.items).toEqual([]);
    });

    it('filters by year and by name (LIKE wildcards are literal)', async () => {
      const y2028 = await ctx.http().get('/api/apds?year=2028').set(as(ak)).expect(200);
      expect(y2028.body.items.map((a: { name: string }) => a.name).sort()).toEqual(['Alaska 100% Project_x', 'Alaska Eligibility 2028']);
      const pct = await ctx.http().get('/api/apds').query({ q: '100%' }).set(as(ak)).expect(200);
      expect(pct.body.items.map((a: { name: string }) => a.name)).toEqual(['Alaska 100% Project_x']);
      const wildcard = await ctx.http().get('/api/apds').query({ q: '%' }).set(as(ak)).expect(200);
      expect(wildcard.body.total).toBe(1);
      const underscore = await ctx.http().get('/api/apds').query({ q: 'a_x' }).set(as(ak)).expect(200);
      expect(underscore.body.total).toBe(0);
    });

    it('lets admins see every state or filter by one; staff asking for another state get nothing', async () => {
      const all = await ctx.http().get('/api/apds?limit=100').set(as(admin)).expect(200);
      expect(all.body.total).toBeGreaterThanOrEqual(TEST_APDS.length);
      const mdOnly = await ctx.http().get('/api/apds?state=md').set(as(admin)).expect(200);
      expect(mdOnly.body.items.every((a: { state: string }) => a.state === 'md')).toBe(true);
      const sneaky = await ctx.http().get('/api/apds?state=md').set(as(ak)).expect(200);
      expect(sneaky.body).toMatchObject({ items: [], total: 0 });
    });

    it('rejects invalid or unknown query parameters with 400', async () => {
      for (const q of ['limit=0', 'limit=101', 'limit=abc', 'offset=-1', 'year=1999', 'state=zz', 'sort=name', 'limit=1&limit=2']) {
        const res = await ctx.http().get(`/api/apds?${q}`).set(as(ak)).expect(400);
        expect(res.body.error.problems.length).toBeGreaterThan(0);
      }
    });

    it('requires a session', async () => {
      await ctx.http().get('/api/apds').expect(401);
    });
  });

  describe('GET /api/apds/:id', () => {
    it('returns an APD of the caller\'s state', async () => {
      const res = await ctx.http().get(`/api/apds/${TEST_APDS[0].id}`).set(as(ak)).expect(200);
      expect(res.body).toMatchObject({ id: TEST_APDS[0].id, state: 'ak', name: TEST_APDS[0].name, version: 1 });
      expect(res.body.activities[0].budget[0]).toEqual({ year: 2027, category: 'contractors', federalSharePercent: 90, amountCents: 12500000 });
    });

    it('answers 404 for another state\'s APD, exactly as for a missing one', async () => {
      const other = await ctx.http().get(`/api/apds/${TEST_APDS[3].id}`).set(as(ak)).expect(404);
      const missing = await ctx.http().get('/api/apds/00000000-0000-4000-8000-00000000ffff').set(as(ak)).expect(404);
      expect(other.body).toEqual(missing.body);
      await ctx.http().get(`/api/apds/${TEST_APDS[3].id}`).set(as(admin)).expect(200);
    });

    it('answers 400 for an id that is not a UUID (including traversal attempts)', async () => {
      await ctx.http().get('/api/apds/123').set(as(ak)).expect(400);
      await ctx.http().get("/api/apds/1'%20OR%20'1'='1").set(as(ak)).expect(400);
      await ctx.http().get('/api/apds/..%2F..%2Fetc%2Fpasswd').set(as(ak)).expect(400);
    });
  });

  describe('POST /api/apds', () => {
    it('creates an APD in the staff member\'s own state', async () => {
      const res = await ctx.http().post('/api/apds').set(as(md)).send(newApd).expect(201);
      expect(res.body).toMatchObject({ ...newApd, state: 'md', version: 1 });
      expect(res.headers['location']).toBe(`/api/apds/${res.body.id}`);
      await ctx.http().get(`/api/apds/${res.body.id}`).set(as(md)).expect(200);
      await ctx.http().get(`/api/apds/${res.body.id}`).set(as(ak)).expect(404);
    });

    it('lets admins create for any state; staff may not name another state', async () => {
      const res = await ctx.http().post('/api/apds').set(as(admin)).send({ ...newApd, state: 'ak' }).expect(201);
      expect(res.body.state).toBe('ak');
      const denied = await ctx.http().post('/api/apds').set(as(md)).send({ ...newApd, state: 'ak' }).expect(400);
      expect(denied.body.error.problems[0].path).toBe('body.state');
    });

    it('stores SQL metacharacters as plain text', async () => {
      const name = "Robert'); DROP TABLE apds; --";
      const res = await ctx.http().post('/api/apds').set(as(md)).send({ ...newApd, name }).expect(201);
      expect(res.body.name).toBe(name);
      const found = await ctx.http().get('/api/apds').query({ q: "'); DROP" }).set(as(md)).expect(200);
      expect(found.body.items.map((a: { name: string }) => a.name)).toEqual([name]);
    });

    it('rejects invalid bodies and unknown fields with 400, storing nothing', async () => {
      const before = (await ctx.db('apds').count({ n: '*' }).first())?.['n'];
      const cases: unknown[] = [
        {},
        { ...newApd, name: '' },
        { ...newApd, years: [] },
        { ...newApd, years: [2027, 2027] },
        { ...newApd, years: ['2027'] },
        { ...newApd, unknown: true },
        { ...newApd, activities: [{ ...newApd.activities[0], budget: [{ year: 2030, category: 'x', federalSharePercent: 90, amountCents: 1 }] }] },
        { ...newApd, activities: [{ ...newApd.activities[0], budget: [{ year: 2027, category: 'x', federalSharePercent: 101, amountCents: 1 }] }] },
        { ...newApd, activities: [{ ...newApd.activities[0], budget: [{ year: 2027, category: 'x', federalSharePercent: 90, amountCents: 1.5 }] }] },
        { ...newApd, activities: [{ ...newApd.activities[0], extra: 'x' }] },
        [newApd],
      ];
      for (const body of cases) {
        const res = await ctx.http().post('/api/apds').set(as(md)).send(body as object).expect(400);
        expect(res.body.error.problems.length).toBeGreaterThan(0);
      }
      expect((await ctx.db('apds').count({ n: '*' }).first())?.['n']).toBe(before);
    });
  });

  describe('PATCH /api/apds/:id', () => {
    it('updates with the current version and bumps it; a stale version gets 409', async () => {
      const created = (await ctx.http().post('/api/apds').set(as(ak)).send(newApd).expect(201)).body;
      const first = await ctx.http().patch(`/api/apds/${created.id}`).set(as(ak)).send({ version: 1, summary: 'Changed' }).expect(200);
      expect(first.body).toMatchObject({ version: 2, summary: 'Changed', name: newApd.name });
      const stale = await ctx.http().patch(`/api/apds/${created.id}`).set(as(ak)).send({ version: 1, name: 'Lost update' }).expect(409);
      expect(stale.body.error.message).toMatch(/version 2/);
      const now = await ctx.http().get(`/api/apds/${created.id}`).set(as(ak)).expect(200);
      expect(now.body).toMatchObject({ version: 2, name: newApd.name });
    });

    it('lets only one of two concurrent writers with the same version win', async () => {
      const created = (await ctx.http().post('/api/apds').set(as(ak)).send(newApd).expect(201)).body;
      const results = await Promise.all(
        ['A', 'B'].map((n) => ctx.http().patch(`/api/apds/${created.id}`).set(as(ak)).send({ version: 1, name: n })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    });

    it('validates the change (version required, at least one field, budget years) and 404s other states', async () => {
      const id = TEST_APDS[1].id;
      await ctx.http().patch(`/api/apds/${id}`).set(as(ak)).send({ name: 'x' }).expect(400);
      await ctx.http().patch(`/api/apds/${id}`).set(as(ak)).send({ version: 1 }).expect(400);
      await ctx.http().patch(`/api/apds/${id}`).set(as(ak)).send({ version: 1, years: [2030] }).expect(400);
      await ctx.http().patch(`/api/apds/${id}`).set(as(ak)).send({ version: 1, state: 'md' }).expect(400);
      await ctx.http().patch(`/api/apds/${TEST_APDS[3].id}`).set(as(ak)).send({ version: 1, name: 'x' }).expect(404);
      const untouched = await ctx.db('apds').where({ id: TEST_APDS[3].id }).first();
      expect(untouched.version).toBe(1);
    });
  });

  describe('DELETE /api/apds/:id', () => {
    it('deletes an APD of the caller\'s state', async () => {
      const created = (await ctx.http().post('/api/apds').set(as(ak)).send(newApd).expect(201)).body;
      await ctx.http().delete(`/api/apds/${created.id}`).set(as(ak)).expect(204);
      await ctx.http().get(`/api/apds/${created.id}`).set(as(ak)).expect(404);
    });

    it('answers 404 for another state\'s APD and leaves it alone', async () => {
      await ctx.http().delete(`/api/apds/${TEST_APDS[4].id}`).set(as(ak)).expect(404);
      expect(await ctx.db('apds').where({ id: TEST_APDS[4].id }).first()).toBeDefined();
      await ctx.http().delete(`/api/apds/${TEST_APDS[4].id}`).expect(401);
    });
  });

  describe('validated queries kept per route', () => {
    it('a query valid (and repeated) on one route is still refused on a route that takes none, and a changed one is validated again', async () => {
      for (let i = 0; i < 3; i++) await ctx.http().get('/api/apds?limit=2').set(as(md)).expect(200);
      const refused = await ctx.http().get('/api/me?limit=2').set(as(md)).expect(400);
      expect(refused.body.error.problems).toEqual([expect.objectContaining({ path: 'query.limit' })]);
      const tooMany = await ctx.http().get('/api/apds?limit=200').set(as(md)).expect(400);
      expect(tooMany.body.error.problems).toEqual([expect.objectContaining({ path: 'query.limit' })]);
      const kept = await ctx.http().get('/api/apds?limit=2').set(as(md)).expect(200);
      expect(kept.body).toMatchObject({ limit: 2, offset: 0 });
      expect(kept.body.items).toHaveLength(2);
    });
  });
});
