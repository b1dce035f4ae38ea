import jwt from 'jsonwebtoken';
import { TEST_APDS, TEST_USERS } from '../db/test-fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';

const AK_APD = TEST_APDS[0].id;
const MD_APD = TEST_APDS[3].id;

/**
 * Authenticated reads (GET /api/apds, GET /api/apds/:id) run their query while the session
 * check is in flight, using the state and role signed into the token. These tests hold the
 * line that this never lets a dead or outdated session see anything.
 */
describe('reads that run alongside the session check', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());
  const get = (path: string, token: string) => ctx.http().get(path).set('Authorization', `Bearer ${token}`);

  it('really overlap: the list query is sent before the session check has answered; a write waits for it', async () => {
    type Query = (...args: unknown[]) => unknown;
    type Connection = { query: Query };
    const client = ctx.db.client as { acquireConnection(): Promise<Connection> };
    const token = await ctx.login(TEST_USERS.akStaff.email);
    const acquire = client.acquireConnection.bind(client);
    const patched = new Map<Connection, Query>();
    let inFlight = 0;
    let peak = 0;
    client.acquireConnection = async () => {
      const connection = await acquire();
      if (!patched.has(connection)) {
        const query = connection.query;
        patched.set(connection, query);
        // Counts queries sent and not yet answered, in both of node-postgres's calling styles.
        connection.query = function (this: Connection, ...args: unknown[]) {
          peak = Math.max(peak, ++inFlight);
          const last = args[args.length - 1];
          if (typeof last === 'function') {
            args[args.length - 1] = (...cb: unknown[]) => (inFlight--, last(...cb));
            return query.apply(this, args);
          }
          return (query.apply(this, args) as Promise<unknown>).finally(() => inFlight--);
        };
      }
      return connection;
    };
    try {
      await get('/api/apds', token).expect(200);
      expect(peak).toBe(2);
      peak = 0;
      await ctx.http().post('/api/apds').set('Authorization', `Bearer ${token}`).send({ name: 'Sequential', years: [2027] }).expect(201);
      expect(peak).toBe(1);
    } finally {
      client.acquireConnection = acquire;
      for (const [connection, query] of patched) connection.query = query;
    }
  });

  it('answer 401 after logout, whatever the read would have found (data, 404 or 400)', async () => {
    const token = await ctx.login(TEST_USERS.akStaff.email);
    await get('/api/apds', token).expect(200);
    await get(`/api/apds/${AK_APD}`, token).expect(200);
    await ctx.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    const list = await get('/api/apds', token).expect(401);
    expect(JSON.stringify(list.body)).not.toContain(TEST_APDS[0].name);
    await get(`/api/apds/${AK_APD}`, token).expect(401);
    await get(`/api/apds/${MD_APD}`, token).expect(401);
    await get('/api/apds?limit=1000', token).expect(401);
  });

  it('answer 401 when another instance revoked the session (checked in the database, never cached)', async () => {
    const token = await ctx.login(TEST_USERS.akStaff.email);
    await get('/api/apds', token).expect(200);
    const { jti } = jwt.decode(token) as jwt.JwtPayload;
    await ctx.db('sessions').where({ id: jti }).update({ revoked_at: ctx.deps.clock() });
    await get('/api/apds', token).expect(401);
  });

  it('answer 401 once the session has expired in the database, even if the token has not', async () => {
    const token = await ctx.login(TEST_USERS.akStaff.email);
    const { jti } = jwt.decode(token) as jwt.JwtPayload;
    await ctx.db('sessions').where({ id: jti }).update({ expires_at: new Date(ctx.deps.clock().getTime() - 1000) });
    await get('/api/apds', token).expect(401);
  });

  it('answer 401 when the user moved to another state or role since signing in; a new sign-in sees the new state', async () => {
    const token = await ctx.login(TEST_USERS.lockout.email); // an Alaska staff member no other test signs in as
    expect((await get('/api/apds', token).expect(200)).body.items.every((a: { state: string }) => a.state === 'ak')).toBe(true);
    try {
      await ctx.db('users').where({ id: TEST_USERS.lockout.id }).update({ state_id: 'md' });
      const moved = await get('/api/apds', token).expect(401);
      expect(moved.body.error.message).toMatch(/sign in again/);
      await get(`/api/apds/${AK_APD}`, token).expect(401);
      await ctx.http().post('/api/apds').set('Authorization', `Bearer ${token}`).send({ name: 'x', years: [2027] }).expect(401);
      const fresh = await ctx.login(TEST_USERS.lockout.email);
      expect((await get('/api/apds', fresh).expect(200)).body.items.map((a: { id: string }) => a.id)).toContain(MD_APD);
      await ctx.db('users').where({ id: TEST_USERS.lockout.id }).update({ role: 'admin' });
      await get('/api/apds', fresh).expect(401);
    } finally {
      await ctx.db('users').where({ id: TEST_USERS.lockout.id }).update({ state_id: 'ak', role: 'state-staff' });
    }
  });

  it('still accept tokens issued before state and role were claims, checking the session first', async () => {
    const token = await ctx.login(TEST_USERS.akStaff.email);
    const { st, role, ...older } = jwt.decode(token) as jwt.JwtPayload;
    expect([st, role]).toEqual(['ak', 'state-staff']);
    const oldToken = jwt.sign(older, ctx.deps.config.sessionSecret);
    const list = await get('/api/apds', oldToken).expect(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(AK_APD);
    await get(`/api/apds/${MD_APD}`, oldToken).expect(404);
    await ctx.db('sessions').where({ id: older['jti'] }).update({ revoked_at: ctx.deps.clock() });
    await get('/api/apds', oldToken).expect(401);
    await get('/api/apds?limit=1000', oldToken).expect(401);
  });
});
