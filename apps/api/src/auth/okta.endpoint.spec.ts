import { TEST_USERS } from '../db/test-fixtures';
import { generateSigningKey, startLocalOkta, type LocalOkta } from '../testing/local-jwks';
import { createTestContext, type TestContext } from '../testing/test-context';
import { createOktaVerifier } from './okta-verifier';

describe('POST /api/auth/okta (against a local JWKS server)', () => {
  let okta: LocalOkta;
  let ctx: TestContext;

  beforeAll(async () => {
    okta = await startLocalOkta();
    const verifier = createOktaVerifier({ issuer: okta.issuer, audience: 'api://default' }, { testing: { disableHttpsCheck: true } });
    ctx = await createTestContext({ okta: verifier });
  });
  afterAll(async () => {
    await ctx.close();
    await okta.close();
  });

  const exchange = (accessToken: string) => ctx.http().post('/api/auth/okta').send({ accessToken });

  it('exchanges a valid access token for a session of the user with that email', async () => {
    const res = await exchange(okta.sign({ sub: TEST_USERS.oktaOnly.email.toUpperCase(), cid: 'client' })).expect(200);
    expect(res.body.user).toMatchObject({ id: TEST_USERS.oktaOnly.id, state: 'ak' });
    await ctx.http().get('/api/me').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    const session = await ctx.db('sessions').where({ user_id: TEST_USERS.oktaOnly.id }).first();
    expect(session.method).toBe('okta');
  });

  it.each([
    ['the wrong audience', () => okta.sign({ sub: TEST_USERS.akStaff.email, aud: 'api://other' })],
    ['the wrong issuer', () => okta.sign({ sub: TEST_USERS.akStaff.email, iss: 'http://127.0.0.1:1/oauth2/default' })],
    ['an unknown key', () => okta.sign({ sub: TEST_USERS.akStaff.email }, { key: generateSigningKey() })],
    ['an expired token', () => okta.sign({ sub: TEST_USERS.akStaff.email }, { expiresInSeconds: -120 })],
    ['garbage', () => 'not.a.jwt'],
  ])('answers 401 for %s', async (_label, token) => {
    const res = await exchange(token()).expect(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('answers 401 when no user has the token\'s email', async () => {
    const res = await exchange(okta.sign({ sub: 'stranger@example.test' })).expect(401);
    expect(res.body.error.message).toMatch(/No eAPD account/);
  });

  it('answers 400 for a missing token and 501 when Okta is not configured', async () => {
    await ctx.http().post('/api/auth/okta').send({}).expect(400);
    const plain = await createTestContext();
    try {
      await plain.http().post('/api/auth/okta').send({ accessToken: okta.sign({ sub: TEST_USERS.akStaff.email }) }).expect(501);
    } finally {
      await plain.close();
    }
  });
});
