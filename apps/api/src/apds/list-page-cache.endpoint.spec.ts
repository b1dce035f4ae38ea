import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../app';
import { TEST_USERS } from '../db/test-fixtures';
import { NUM_RUNS, SEED } from '../testing/property-harness';
import { createTestContext, type TestContext } from '../testing/test-context';
import { listApds } from './list-apds';

/**
 * The list-page cache (list-page-cache.ts) never answers with a page older than the last
 * committed change to its state, whoever made it: this instance, another instance on the same
 * database, or SQL that bypasses the API. Every list below is the one right after the write.
 */
describe('APD list page cache', () => {
  let ctx: TestContext;
  let staff: string;
  /** A second instance: its own app, hence its own cache, on the same database. */
  let other: () => ReturnType<typeof request>;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  type Item = { id: string; name: string; version: number; state: string };
  const listOn = async (http: () => ReturnType<typeof request>, query: Record<string, string | number> = { limit: 100 }): Promise<Item[]> => {
    const res = await http().get('/api/apds').query(query).set(as(staff));
    expect(res.status).toBe(200);
    return res.body.items as Item[];
  };
  const list = (query?: Record<string, string | number>) => listOn(ctx.http, query);
  const byId = (items: Item[], id: string) => items.find((a) => a.id === id);
  const create = async (http: () => ReturnType<typeof request>, name: string) => {
    const res = await http().post('/api/apds').set(as(staff)).send({ name, years: [2027] });
    expect(res.status).toBe(201);
    return res.body as Item;
  };
  /** What the database holds now, queried without any cache. */
  const truth = async (state = 'md') => JSON.parse((await listApds(ctx.db, { states: [state], limit: 100, offset: 0 })).itemsJson) as Item[];

  beforeAll(async () => {
    ctx = await createTestContext();
    staff = await ctx.login(TEST_USERS.mdStaff.email);
    const otherApp = createApp({ ...ctx.deps });
    other = () => request(otherApp);
  });
  afterAll(() => ctx.close());

  it('shows a create, a change and a delete made through another instance in the next list', async () => {
    await list(); // stored on this instance
    await list();
    const created = await create(other, 'Made on the other instance');
    expect(byId(await list(), created.id)?.name).toBe('Made on the other instance');

    const patched = await other().patch(`/api/apds/${created.id}`).set(as(staff)).send({ version: created.version, name: 'Renamed on the other instance' });
    expect(patched.status).toBe(200);
    expect(byId(await list(), created.id)).toMatchObject({ name: 'Renamed on the other instance', version: created.version + 1 });

    expect((await other().delete(`/api/apds/${created.id}`).set(as(staff))).status).toBe(204);
    expect(byId(await list(), created.id)).toBeUndefined();
    expect(await list()).toEqual(await truth());
  });

  it('shows changes made with SQL, outside any API, in the next list (insert, update, delete, state moved)', async () => {
    const id = randomUUID();
    await list();
    await ctx.db('apds').insert({ id, state_id: 'md', name: 'Inserted by SQL', years: [2027], document: JSON.stringify({ name: 'Inserted by SQL', years: [2027], summary: '', activities: [] }) });
    expect(byId(await list(), id)?.name).toBe('Inserted by SQL');

    await ctx.db('apds').where({ id }).update({ name: 'Updated by SQL', version: 2 });
    expect(byId(await list(), id)).toMatchObject({ name: 'Updated by SQL', version: 2 });

    // Moved to Alaska: gone from Maryland's list, there in Alaska's (an admin's ?state=ak, stored too).
    const admin = await ctx.login(TEST_USERS.admin.email);
    const alaska = () => ctx.http().get('/api/apds').query({ state: 'ak', limit: 100 }).set(as(admin));
    expect((await alaska()).body.items.map((a: Item) => a.id)).not.toContain(id);
    await ctx.db('apds').where({ id }).update({ state_id: 'ak' });
    expect(byId(await list(), id)).toBeUndefined();
    expect((await alaska()).body.items.map((a: Item) => a.id)).toContain(id);

    await ctx.db('apds').where({ id }).delete();
    expect((await alaska()).body.items.map((a: Item) => a.id)).not.toContain(id);
    expect(await list()).toEqual(await truth());
  });

  it('answers from the stored page while the state\'s version is unchanged, and from the database once it moves', async () => {
    const [first] = await list();
    expect(first).toBeDefined();
    // A change the version does not see (its trigger disabled, as no real writer would): the
    // stored page is still sent, which shows the cache is in use and the version is what ends it.
    await ctx.db.raw('ALTER TABLE apds DISABLE TRIGGER apd_list_versions_update');
    try {
      await ctx.db('apds').where({ id: first.id }).update({ name: 'Unseen change' });
    } finally {
      await ctx.db.raw('ALTER TABLE apds ENABLE TRIGGER apd_list_versions_update');
    }
    expect(byId(await list(), first.id)?.name).toBe(first.name);
    // Any counted change to the state (here to another APD) moves the version: the page is read again.
    await create(ctx.http, 'Moves the version');
    expect(byId(await list(), first.id)?.name).toBe('Unseen change');
  });

  it('sends a stored page like a fresh one: exact Content-Length, no-store, security headers', async () => {
    await create(ctx.http, 'Ünïcode name, so bytes and characters differ');
    const fresh = await ctx.http().get('/api/apds').query({ limit: 100 }).set(as(staff)).expect(200);
    const stored = await ctx.http().get('/api/apds').query({ limit: 100 }).set(as(staff)).expect(200);
    for (const res of [fresh, stored]) {
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.text)));
      expect(res.headers['transfer-encoding']).toBeUndefined();
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBeDefined();
    }
    expect(stored.text).toBe(fresh.text);
  });

  it('still checks the session on every request: a stored page is never sent to a revoked session', async () => {
    const token = await ctx.login(TEST_USERS.mdStaff.email);
    const listWith = () => ctx.http().get('/api/apds').query({ limit: 100 }).set(as(token));
    expect((await listWith()).status).toBe(200);
    expect((await listWith()).status).toBe(200); // from the stored page
    expect((await other().post('/api/auth/logout').set(as(token))).status).toBe(204);
    const refused = await listWith();
    expect(refused.status).toBe(401);
    expect(refused.body.items).toBeUndefined();
  });

  it('never sees a version twice: with the state\'s version row deleted by hand, the next write still refreshes the page', async () => {
    const before = await list();
    await ctx.db('apd_list_versions').where({ state_id: 'md' }).delete();
    const id = randomUUID();
    await ctx.db('apds').insert({ id, state_id: 'md', name: 'After the row was deleted', years: [2027], document: JSON.stringify({ name: 'After the row was deleted', years: [2027], summary: '', activities: [] }) });
    const after = await list();
    expect(byId(after, id)?.name).toBe('After the row was deleted');
    expect(after).toHaveLength(before.length + 1);
    expect(after).toEqual(await truth());
  });

  it('property: under concurrent writes on both instances and by SQL, no list started after a write finished misses it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom('create', 'patch', 'sql-patch', 'delete', 'list', 'list', 'list'),
            on: fc.constantFrom('this', 'other'),
            target: fc.nat(50),
            delay: fc.nat(6),
          }),
          { minLength: 4, maxLength: 24 },
        ),
        async (ops) => {
          // A few APDs to change, well within one page of the list.
          await ctx.db('apds').where({ state_id: 'md' }).delete();
          const ids: string[] = Array.from({ length: 5 }, () => randomUUID());
          await ctx.db('apds').insert(ids.map((id, i) => ({ id, state_id: 'md', name: `Start ${i}`, years: [2027], document: JSON.stringify({ name: `Start ${i}`, years: [2027], summary: '', activities: [] }) })));
          /** Writes that finished, in order: the APD, its version afterwards (0: deleted). */
          const done: Array<{ id: string; version: number }> = [];
          const checks: Array<{ seen: Item[]; before: number }> = [];
          const deleted = new Set<string>();
          await Promise.all(
            ops.map(async (op, n) => {
              for (let i = 0; i < op.delay; i++) await new Promise((r) => setImmediate(r));
              const http = op.on === 'this' ? ctx.http : other;
              const id = ids.length ? ids[op.target % ids.length] : undefined;
              if (op.kind === 'list') {
                const before = done.length;
                checks.push({ seen: await listOn(http), before });
              } else if (op.kind === 'create') {
                const apd = await create(http, `Concurrent ${n}`);
                ids.push(apd.id);
                done.push({ id: apd.id, version: apd.version });
              } else if (id && !deleted.has(id) && op.kind === 'delete') {
                deleted.add(id);
                const res = await http().delete(`/api/apds/${id}`).set(as(staff));
                if (res.status === 204) done.push({ id, version: 0 });
              } else if (id && !deleted.has(id) && op.kind === 'patch') {
                const current = await http().get(`/api/apds/${id}`).set(as(staff));
                if (current.status !== 200) return;
                const res = await http().patch(`/api/apds/${id}`).set(as(staff)).send({ version: current.body.version, name: `Patched ${n}` });
                if (res.status === 200) done.push({ id, version: res.body.version });
              } else if (id && !deleted.has(id) && op.kind === 'sql-patch') {
                const rows = await ctx.db('apds').where({ id }).increment('version', 1).update({ name: `SQL ${n}` }).returning('version');
                if (rows.length) done.push({ id, version: rows[0].version });
              }
            }),
          );
          for (const { seen, before } of checks) {
            for (const write of done.slice(0, before)) {
              const item = byId(seen, write.id);
              if (write.version === 0) expect(item).toBeUndefined();
              // Absent is right too when a delete of it was under way (it may have committed before its answer came).
              else if (!(item === undefined && deleted.has(write.id))) expect(item?.version).toBeGreaterThanOrEqual(write.version);
            }
          }
          const now = await truth();
          expect(await listOn(ctx.http)).toEqual(now);
          expect(await listOn(other)).toEqual(now);
        },
      ),
      { seed: SEED, numRuns: Math.min(NUM_RUNS, 20) },
    );
  });

  it('shows a TRUNCATE of the table in the next list', async () => {
    await create(ctx.http, 'Before the truncate');
    expect((await list()).length).toBeGreaterThan(0);
    expect((await listOn(other)).length).toBeGreaterThan(0);
    await ctx.db.raw('TRUNCATE apds CASCADE');
    expect(await list()).toEqual([]);
    expect(await listOn(other)).toEqual([]);
  });
});
