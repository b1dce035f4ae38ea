import request from 'supertest';
import { createApp } from '../app';
import { createKnex } from '../db/knex';
import { createTestContext, type TestContext } from '../testing/test-context';

describe('GET /api/health', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('answers 200 with status and version when the database answers', async () => {
    const res = await ctx.http().get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', version: 'test' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 while draining', async () => {
    ctx.deps.lifecycle.draining = true;
    try {
      const res = await ctx.http().get('/api/health').expect(503);
      expect(res.body).toMatchObject({ status: 'unavailable', reason: 'shutting down' });
    } finally {
      ctx.deps.lifecycle.draining = false;
    }
  });

  it('answers 503 when the database is unreachable', async () => {
    const deadDb = createKnex('postgres://nobody:x@127.0.0.1:1/none', { poolMax: 1 });
    const app = createApp({ ...ctx.deps, db: deadDb });
    try {
      const res = await request(app).get('/api/health').expect(503);
      expect(res.body).toMatchObject({ status: 'unavailable', reason: 'database unreachable' });
    } finally {
      await deadDb.destroy();
    }
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await ctx.http().get('/api/nope').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.error.code).toBe('not_found');
    await ctx.http().get('/elsewhere').expect(404);
  });
});
