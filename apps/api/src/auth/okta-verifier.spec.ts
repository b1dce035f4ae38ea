import { startLocalOkta, type LocalOkta } from '../testing/local-jwks';
import { createOktaVerifier, isLoopbackHttpIssuer } from './okta-verifier';

describe('createOktaVerifier', () => {
  let okta: LocalOkta;
  beforeAll(async () => {
    okta = await startLocalOkta();
  });
  afterAll(() => okta.close());

  it('works with a local http issuer as configured (OKTA_DOMAIN=http://127.0.0.1:<port>), with no extra option', async () => {
    const verifier = createOktaVerifier({ issuer: okta.issuer, audience: 'api://default' });
    await expect(verifier.verify(okta.sign({ sub: 'someone@example.gov', cid: 'client' }))).resolves.toEqual({ email: 'someone@example.gov' });
  });

  it('http anywhere else is refused: real Okta is https', () => {
    expect(() => createOktaVerifier({ issuer: 'http://example.okta.com/oauth2/default', audience: 'api://default' })).toThrow(/https/);
  });

  it('recognises only loopback http issuers', () => {
    expect(isLoopbackHttpIssuer('http://127.0.0.1:4123/oauth2/default')).toBe(true);
    expect(isLoopbackHttpIssuer('http://localhost/oauth2/default')).toBe(true);
    expect(isLoopbackHttpIssuer('http://127.0.0.1.example.com/oauth2/default')).toBe(false);
    expect(isLoopbackHttpIssuer('https://127.0.0.1/oauth2/default')).toBe(false);
  });
});
