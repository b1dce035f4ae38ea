const { ALLOWED, devRuntimeConfig, serveDevRuntimeConfig } = require('./dev-runtime-config');

describe('dev server /config.json (what reaches the browser in development)', () => {
  const secrets = {
    SESSION_SECRET: 'canary-session-secret',
    PRODUCTION_JWT_SECRET: 'canary-jwt',
    PRODUCTION_API_DATABASE_URL: 'postgres://user:canary@db/eapd',
    AWS_SECRET_ACCESS_KEY: 'canary-aws',
    NX_PUBLIC_ANYTHING: 'canary-public',
  };

  it('defaults the API URL to /api and Okta to off: nx serve web works with no setup', () => {
    expect(devRuntimeConfig({})).toEqual({ apiUrl: '/api', okta: null });
  });

  it('accepts relative and absolute API URLs, without a trailing slash', () => {
    expect(devRuntimeConfig({ WEB_API_URL: '/backend/' }).apiUrl).toBe('/backend');
    expect(devRuntimeConfig({ WEB_API_URL: 'https://api.example.gov/api' }).apiUrl).toBe('https://api.example.gov/api');
  });

  it('enables Okta only when both issuer and client id are set', () => {
    expect(devRuntimeConfig({ WEB_OKTA_ISSUER: 'https://x.okta.com/oauth2/default' }).okta).toBeNull();
    expect(devRuntimeConfig({ WEB_OKTA_CLIENT_ID: 'abc' }).okta).toBeNull();
    expect(devRuntimeConfig({ WEB_OKTA_ISSUER: 'https://x.okta.com/oauth2/default', WEB_OKTA_CLIENT_ID: 'abc' }).okta).toEqual({
      issuer: 'https://x.okta.com/oauth2/default',
      clientId: 'abc',
    });
  });

  it('never lets any other variable into the served file (seed-defects #43)', () => {
    const middlewares = serveDevRuntimeConfig([{ name: 'static' }], { ...secrets, WEB_API_URL: '/api' });
    expect(middlewares.map((m) => m.name)).toEqual(['eapd-runtime-config', 'static']);
    let body = '';
    const headers = {};
    middlewares[0].middleware({}, { setHeader: (k, v) => (headers[k] = v), end: (text) => (body = text) });
    for (const value of Object.values(secrets)) expect(body).not.toContain(value);
    expect(JSON.parse(body)).toEqual({ apiUrl: '/api', okta: null });
    expect(headers['cache-control']).toBe('no-cache');
    expect(ALLOWED).toEqual(['WEB_API_URL', 'WEB_OKTA_ISSUER', 'WEB_OKTA_CLIENT_ID']);
  });
});
