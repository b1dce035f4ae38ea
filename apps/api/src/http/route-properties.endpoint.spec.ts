import fc from 'fast-check';
import { STATE_IDS } from '../db/states';
import { TEST_APDS, TEST_PASSWORD, TEST_USERS } from '../db/test-fixtures';
import { anyJson, body, field, nastyNumber, nastyString, pathSegment, queryString, queryValue } from '../testing/arbitraries';
import { createPropertyHarness, type PropertyHarness, type Who } from '../testing/property-harness';
import { SAMPLE_FILES } from '../testing/sample-files';
import type { TestContext } from '../testing/test-context';

/**
 * Property tests over every route of the API: generated path parameters, query strings and
 * bodies (every JSON type in every position, NUL, unpaired surrogates, RTL, 10 k characters,
 * numbers at and past every bound). Whatever is sent, the answer is a 2xx or a 4xx, a 4xx is a
 * JSON error and a 400 names the fields at fault, never a 5xx; and a refused request changes
 * nothing in the database or the file store.
 *
 * Reproducible: FC_SEED and FC_NUM_RUNS (default 30 per property; see testing/property-harness.ts) choose the run;
 * a failure prints the seed, the path and the shrunk input, e.g. FC_SEED=123 npx jest -c
 * apps/api/jest.endpoint.config.cts properties.
 */
describe('every route, under generated input', () => {
  let h: PropertyHarness;
  let ctx: TestContext;
  let akFileId: string;
  const auth = (who: Who) => h.auth(who);
  const check: PropertyHarness['check'] = (send, options) => h.check(send, options);
  const run: PropertyHarness['run'] = (property, numRuns) => h.run(property, numRuns);

  beforeAll(async () => {
    h = await createPropertyHarness();
    ctx = h.ctx;
    akFileId = (await ctx.http().post(`/api/apds/${TEST_APDS[0].id}/files`).set(auth('ak')).attach('file', SAMPLE_FILES.png, 'known.png').expect(201)).body.id;
  }, 60_000);
  afterAll(() => h?.close());
  jest.setTimeout(180_000);

  const caller = fc.constantFrom<Who>('ak', 'ak', 'md', 'admin', 'nobody', 'garbage');
  const apdIds = TEST_APDS.map((a) => a.id);

  // ---- values the schemas expect, for the near-valid half of each generator ----
  const name = fc.string({ minLength: 1, maxLength: 60 });
  const year = fc.integer({ min: 2000, max: 2100 });
  const years = fc.uniqueArray(year, { minLength: 1, maxLength: 3 });
  const budgetLine = body({
    year: field(year),
    category: field(name),
    federalSharePercent: field(fc.double({ min: 0, max: 100, noNaN: true })),
    amountCents: field(fc.integer({ min: 0, max: 1e13 })),
  });
  const activity = body({ name: field(name), description: field(fc.string({ maxLength: 200 })), budget: field(fc.array(budgetLine, { maxLength: 3 })) });
  const activities = field(fc.array(activity, { maxLength: 3 }));
  const state = field(fc.constantFrom(...STATE_IDS.slice(0, 4)));

  it('GET /api/health and GET /api/openapi.json', () =>
    run(
      fc.asyncProperty(fc.constantFrom('/api/health', '/api/openapi.json'), queryString({}), async (path, query) => {
        await check(() => ctx.http().get(path + query));
      }),
    ));

  it('POST /api/auth/login', () =>
    run(
      fc.asyncProperty(
        body({
          email: field(fc.oneof(fc.constantFrom(...Object.values(TEST_USERS).map((u) => u.email)), fc.emailAddress(), nastyString)),
          password: field(fc.oneof(fc.constant(TEST_PASSWORD), fc.string({ maxLength: 30 }))),
        }),
        async (sent) => {
          await check(() => ctx.http().post('/api/auth/login').set('Content-Type', 'application/json').send(JSON.stringify(sent)), { countsAttempts: true });
        },
      ),
    ));

  it('POST /api/auth/okta', () =>
    run(
      fc.asyncProperty(
        body({ accessToken: field(fc.oneof(fc.constant(null).map(() => h.okta.sign({ sub: 'nobody@example.test' })), fc.string({ maxLength: 100 }), fc.constant('a.b.c'))) }),
        async (sent) => {
          await check(() => ctx.http().post('/api/auth/okta').set('Content-Type', 'application/json').send(JSON.stringify(sent)));
        },
      ),
    ));

  it('GET /api/me', () =>
    run(
      fc.asyncProperty(caller, queryString({}), async (who, query) => {
        await check(() => ctx.http().get(`/api/me${query}`).set(auth(who)));
      }),
    ));

  it('GET /api/apds', () =>
    run(
      fc.asyncProperty(
        caller,
        queryString({
          state: queryValue(fc.constantFrom(...STATE_IDS.slice(0, 4))),
          year: queryValue(year.map(String)),
          q: queryValue(fc.string({ maxLength: 20 })),
          limit: queryValue(fc.integer({ min: 1, max: 100 }).map(String)),
          offset: queryValue(fc.integer({ min: 0, max: 100_000 }).map(String)),
        }),
        async (who, query) => {
          await check(() => ctx.http().get(`/api/apds${query}`).set(auth(who)));
        },
      ),
    ));

  it('POST /api/apds', () =>
    run(
      fc.asyncProperty(
        caller,
        body({ name: field(name), years: field(years), summary: field(fc.string({ maxLength: 100 })), activities, state }),
        async (who, sent) => {
          await check(() => ctx.http().post('/api/apds').set(auth(who)).set('Content-Type', 'application/json').send(JSON.stringify(sent)));
        },
      ),
    ));

  it('GET /api/apds/:id', () =>
    run(
      fc.asyncProperty(caller, pathSegment(apdIds), queryString({}), async (who, id, query) => {
        await check(() => ctx.http().get(`/api/apds/${id}${query}`).set(auth(who)));
      }),
    ));

  it('PATCH /api/apds/:id', () =>
    run(
      fc.asyncProperty(
        caller,
        pathSegment(apdIds),
        body({
          version: field(fc.oneof(fc.integer({ min: 1, max: 5 }), nastyNumber)),
          name: field(name),
          years: field(years),
          summary: field(fc.string({ maxLength: 100 })),
          activities,
          state,
        }),
        async (who, id, sent) => {
          await check(() => ctx.http().patch(`/api/apds/${id}`).set(auth(who)).set('Content-Type', 'application/json').send(JSON.stringify(sent)));
        },
      ),
    ));

  it('GET /api/apds/:id/files and GET /api/apds/:id/files/:fileId', () =>
    run(
      fc.asyncProperty(caller, pathSegment(apdIds), fc.option(pathSegment([akFileId])), async (who, id, fileId) => {
        await check(() => ctx.http().get(`/api/apds/${id}/files${fileId === null ? '' : `/${fileId}`}`).set(auth(who)));
      }),
    ));

  it('POST /api/apds/:id/files (generated multipart: field names, file names, contents)', () => {
    const boundary = 'PropertyBoundary';
    return run(
      fc.asyncProperty(
        caller,
        pathSegment(apdIds),
        fc.oneof({ weight: 4, arbitrary: fc.constant('file') }, { weight: 1, arbitrary: nastyString }),
        fc.oneof({ weight: 2, arbitrary: fc.constantFrom('a.png', 'Budget (final).pdf', 'résumé.gif') }, { weight: 2, arbitrary: nastyString }),
        fc.oneof(fc.constantFrom(...Object.values(SAMPLE_FILES)), fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b))),
        async (who, id, fieldName, fileName, content) => {
          const multipart = Buffer.concat([
            Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
            content,
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]);
          await check(() =>
            ctx.http().post(`/api/apds/${id}/files`).set(auth(who)).set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(multipart),
          );
        },
      ),
    );
  });

  it('any JSON (or none) sent to any route with the wrong content', () =>
    run(
      fc.asyncProperty(
        caller,
        fc.constantFrom(
          ['post', '/api/auth/login'], ['post', '/api/apds'], ['patch', `/api/apds/${apdIds[0]}`], ['post', `/api/apds/${apdIds[0]}/files`],
          ['post', '/api/auth/logout'], ['delete', `/api/apds/${apdIds[4]}/files/${akFileId}`], ['get', '/api/me'],
        ) as fc.Arbitrary<['post' | 'patch' | 'delete' | 'get', string]>,
        fc.oneof(
          anyJson.map((value) => ({ type: 'application/json', payload: JSON.stringify(value) })),
          fc.string({ maxLength: 200 }).map((text) => ({ type: 'application/json', payload: text })), // usually not JSON at all
          fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data').map((type) => ({ type, payload: 'a=b' })),
        ),
        async (who, [method, path], { type, payload }) => {
          // A valid session's writes are covered above; here: whatever arrives must still be a 2xx/4xx.
          await check(() => ctx.http()[method](path).set(auth(who === 'ak' ? 'md' : who)).set('Content-Type', type).send(payload), { countsAttempts: true });
        },
      ),
    ));

  it('DELETE /api/apds/:id/files/:fileId', () =>
    run(
      fc.asyncProperty(caller, fc.boolean(), pathSegment(apdIds), pathSegment([akFileId]), async (who, fresh, id, fileId) => {
        let path = `/api/apds/${id}/files/${fileId}`;
        if (fresh) {
          const up = await ctx.http().post(`/api/apds/${TEST_APDS[1].id}/files`).set(auth('ak')).attach('file', SAMPLE_FILES.gif, 'd.gif').expect(201);
          path = up.body.url;
        }
        await check(() => ctx.http().delete(path).set(auth(who)));
      }),
    ));

  it('DELETE /api/apds/:id', () =>
    run(
      fc.asyncProperty(caller, fc.boolean(), pathSegment(apdIds.slice(3)), async (who, fresh, id) => {
        const target = fresh ? (await ctx.http().post('/api/apds').set(auth('ak')).send({ name: 'Doomed', years: [2027] }).expect(201)).body.id : id;
        await check(() => ctx.http().delete(`/api/apds/${target}`).set(auth(who)));
      }),
    ));

  it('POST /api/auth/logout', () =>
    run(
      fc.asyncProperty(fc.constantFrom<Who | 'fresh'>('fresh', 'nobody', 'garbage'), queryString({}), async (who, query) => {
        const header = who === 'fresh' ? { Authorization: `Bearer ${await ctx.login(TEST_USERS.mdStaff.email)}` } : auth(who);
        await check(() => ctx.http().post(`/api/auth/logout${query}`).set(header));
      }),
    ));
});
