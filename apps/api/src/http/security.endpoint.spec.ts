import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../app';
import { issueSessionToken } from '../auth/tokens';
import { createKnex } from '../db/knex';
import { TEST_APDS, TEST_PASSWORD, TEST_USERS } from '../db/test-fixtures';
import { SAMPLE_FILES } from '../testing/sample-files';
import { createTestContext, type TestContext } from '../testing/test-context';
import { REDACT_PATHS } from './logger';

function captureLogger(): { logger: pino.Logger; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { logger: pino({ level: 'info', redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } }, stream), text: () => text };
}

describe('security behaviour across endpoints', () => {
  let ctx: TestContext;
  const logs = captureLogger();
  beforeAll(async () => {
    ctx = await createTestContext({ logger: logs.logger });
  });
  afterAll(() => ctx.close());

  it('sends helmet\'s headers and hides the framework', async () => {
    const res = await ctx.http().get('/api/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('tells browsers and proxies not to store answers: the login (it carries the token), /me, APDs, errors', async () => {
    const login = await ctx.http().post('/api/auth/login').send({ email: TEST_USERS.akStaff.email, password: TEST_PASSWORD }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.token}` };
    const answers: [string, { headers: Record<string, string> }][] = [
      ['POST /api/auth/login', login],
      ['GET /api/me', await ctx.http().get('/api/me').set(auth).expect(200)],
      ['GET /api/apds/:id', await ctx.http().get(`/api/apds/${TEST_APDS[0].id}`).set(auth).expect(200)],
      ['GET /api/apds', await ctx.http().get('/api/apds').set(auth).expect(200)],
      ['GET /api/me (401)', await ctx.http().get('/api/me').expect(401)],
      ['GET /api/apds/not-a-uuid (400)', await ctx.http().get('/api/apds/not-a-uuid').set(auth).expect(400)],
    ];
    for (const [label, res] of answers) expect([label, res.headers['cache-control']]).toEqual([label, 'no-store']);
  });

  it('never logs passwords, tokens, Authorization headers or cookies', async () => {
    const login = await ctx.http().post('/api/auth/login').send({ email: TEST_USERS.akStaff.email, password: TEST_PASSWORD }).expect(200);
    const token = login.body.token as string;
    await ctx.http().get('/api/me').set('Authorization', `Bearer ${token}`).set('Cookie', 'sid=cookie-secret-value').expect(200);
    await new Promise((r) => setTimeout(r, 20));
    const text = logs.text();
    expect(text).toContain('/api/me');
    expect(text).not.toContain(token);
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toContain('cookie-secret-value');
  });

  it('honours TRUST_PROXY for the client address', async () => {
    const trusted = captureLogger();
    const behindLb = createApp({ ...ctx.deps, logger: trusted.logger, config: { ...ctx.deps.config, trustProxy: 1 } });
    await request(behindLb).get('/api/apds').set('X-Forwarded-For', '203.0.113.7').expect(401);
    const direct = captureLogger();
    const exposed = createApp({ ...ctx.deps, logger: direct.logger, config: { ...ctx.deps.config, trustProxy: false } });
    await request(exposed).get('/api/apds').set('X-Forwarded-For', '203.0.113.7').expect(401);
    await new Promise((r) => setTimeout(r, 20));
    expect(trusted.text()).toContain('"clientIp":"203.0.113.7"');
    expect(direct.text()).not.toContain('"clientIp":"203.0.113.7"');
  });

  it('answers 503 with Retry-After, never 500 or internals, when the database cannot answer (production and development)', async () => {
    const deadDb = createKnex('postgres://nobody:x@127.0.0.1:1/none', { poolMax: 1, statementTimeoutMs: 1000 });
    try {
      const token = issueSessionToken(ctx.deps.config.sessionSecret, {
        userId: TEST_USERS.akStaff.id, sessionId: '00000000-0000-4000-8000-0000000000aa', issuedAt: ctx.deps.clock(), expiresAt: new Date(ctx.deps.clock().getTime() + 60000),
        stateId: TEST_USERS.akStaff.stateId, role: 'state-staff',
      });
      for (const nodeEnv of ['production', 'development'] as const) {
        const app = createApp({ ...ctx.deps, db: deadDb, config: { ...ctx.deps.config, nodeEnv } });
        const responses = [
          await request(app).get('/api/me').set('Authorization', `Bearer ${token}`),
          await request(app).get('/api/apds').set('Authorization', `Bearer ${token}`),
          await request(app).post('/api/apds').set('Authorization', `Bearer ${token}`).send({ name: 'x', years: [2027] }),
          await request(app).post('/api/auth/login').send({ email: TEST_USERS.akStaff.email, password: TEST_PASSWORD }),
        ];
        for (const res of responses) {
          expect([nodeEnv, res.status, res.headers['retry-after']]).toEqual([nodeEnv, 503, '5']);
          expect(res.body).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/database/) } });
          expect(res.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at .*\.(ts|js):\d+/);
        }
      }
    } finally {
      await deadDb.destroy();
    }
  });

  it('answers unexpected failures with 500 and never a stack, SQL or path, development included', async () => {
    const token = await ctx.login(TEST_USERS.akStaff.email);
    const up = await ctx.http().post(`/api/apds/${TEST_APDS[0].id}/files`).set('Authorization', `Bearer ${token}`).attach('file', SAMPLE_FILES.png, 'a.png').expect(201);
    const broken = { ...ctx.deps.fileStore, get: async () => Promise.reject(new Error('select storage_key from files where id = 1 (/srv/eapd/secret.ts:12)')) };
    for (const nodeEnv of ['production', 'development', 'test'] as const) {
      const app = createApp({ ...ctx.deps, fileStore: broken, config: { ...ctx.deps.config, nodeEnv } });
      const res = await request(app).get(up.body.url).set('Authorization', `Bearer ${token}`).expect(500);
      expect(res.body).toEqual({ error: { code: 'internal', message: expect.any(String) } });
      expect(res.text).not.toMatch(/select|secret|\/srv|at .*\.(ts|js):\d+/);
    }
  });

  it('refuses query parameters on routes that take none', async () => {
    const res = await ctx.http().get('/api/health?debug=1').expect(400);
    expect(res.body.error.problems).toEqual([{ path: 'query.debug', message: 'Unknown field.' }]);
  });

  it('GET /api/openapi.json documents every route with the schemas the routes validate with', async () => {
    const res = await ctx.http().get('/api/openapi.json').expect(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\./);
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, m]) => Object.keys(m).map((k) => `${k.toUpperCase()} ${p}`));
    expect(ops.sort()).toEqual(
      [
        'GET /api/health', 'POST /api/auth/login', 'POST /api/auth/okta', 'POST /api/auth/logout', 'GET /api/me',
        'GET /api/apds', 'POST /api/apds', 'GET /api/apds/{id}', 'PATCH /api/apds/{id}', 'DELETE /api/apds/{id}',
        'POST /api/apds/{id}/files', 'GET /api/apds/{id}/files', 'GET /api/apds/{id}/files/{fileId}', 'DELETE /api/apds/{id}/files/{fileId}',
      ].sort(),
    );
    const login = doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema;
    expect(login).toMatchObject({ type: 'object', required: ['email', 'password'], additionalProperties: false });
    const listParams = doc.paths['/api/apds'].get.parameters.map((p: { name: string }) => p.name).sort();
    expect(listParams).toEqual(['after', 'limit', 'offset', 'q', 'state', 'year']);
  });
});
