const { ALLOWED, buildTimeConfig, buildTimeDefinitions } = require('./build-time-config');

describe('build-time config (what reaches the public bundle)', () => {
  const secrets = {
    SESSION_SECRET: 'canary-session-secret',
    PRODUCTION_JWT_SECRET: 'canary-jwt',
    PRODUCTION_API_DATABASE_URL: 'postgres://user:canary@db/eapd',
    AWS_SECRET_ACCESS_KEY: 'canary-aws',
    NX_PUBLIC_ANYTHING: 'canary-public',
  };

  it('defaults the API URL to /api', () => {
    expect(buildTimeConfig({}).apiUrl).toBe('/api');
  });

  it('accepts relative and absolute API URLs, without a trailing slash', () => {
    expect(buildTimeConfig({ WEB_API_URL: '/backend/' }).apiUrl).toBe('/backend');
    expect(buildTimeConfig({ WEB_API_URL: 'https://api.example.gov/api' }).apiUrl).toBe('https://api.example.gov/api');
  });

  it('enables Okta only when both issuer and client id are set', () => {
    expect(buildTimeConfig({ WEB_OKTA_ISSUER: 'https://x.okta.com/oauth2/default' }).okta).toBeNull();
    expect(buildTimeConfig({ WEB_OKTA_CLIENT_ID: 'abc' }).okta).toBeNull();
    expect(
      buildTimeConfig({ WEB_OKTA_ISSUER: 'https://x.okta.com/oauth2/default', WEB_OKTA_CLIENT_ID: 'abc' }).okta,
    ).toEqual({ issuer: 'https://x.okta.com/oauth2/default', clientId: 'abc' });
  });

  it('never lets any other variable into the definitions (seed-defects #43)', () => {
    const definitions = buildTimeDefinitions({ ...secrets, WEB_API_URL: '/api' });
    const text = JSON.stringify(definitions);
    for (const value of Object.values(secrets)) expect(text).not.toContain(value);
    expect(Object.keys(definitions).sort()).toEqual(['__WEB_API_URL__', '__WEB_OKTA__']);
    expect(ALLOWED).toEqual(['WEB_API_URL', 'WEB_OKTA_ISSUER', 'WEB_OKTA_CLIENT_ID']);
  });
});
