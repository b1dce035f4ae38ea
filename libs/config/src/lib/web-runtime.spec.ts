import { problemLines, validOktaEnv, validWebDeployEnv } from './test/fixtures';
import { loadWebRuntimeConfig } from './web-runtime';

describe('loadWebRuntimeConfig (what /config.json holds)', () => {
  it('holds the API URL and no Okta when Okta is not configured', () => {
    expect(loadWebRuntimeConfig('staging', validWebDeployEnv('staging'))).toEqual({ apiUrl: '/api', okta: null });
  });

  it('holds the Okta issuer and client id, never the API key', () => {
    const config = loadWebRuntimeConfig('production', { ...validWebDeployEnv('production'), ...validOktaEnv('PRODUCTION_') });
    expect(config.okta).toEqual({ issuer: 'https://example.okta.com/oauth2/default', clientId: '0oa1b2c3d4' });
    expect(JSON.stringify(config)).not.toContain('okta-api-key-puffin');
  });

  it('needs the three public Okta values together, not the API key', () => {
    const env = { ...validWebDeployEnv('staging'), STAGING_OKTA_DOMAIN: 'example.okta.com', STAGING_OKTA_CLIENT_ID: 'abc' };
    expect(problemLines(() => loadWebRuntimeConfig('staging', env))).toEqual([
      'STAGING_OKTA_SERVER_ID: is not set, but STAGING_OKTA_DOMAIN, STAGING_OKTA_CLIENT_ID are: the web sign-in needs all three or none',
    ]);
    const noKey = { ...validWebDeployEnv('staging'), ...validOktaEnv('STAGING_'), STAGING_OKTA_API_KEY: '' };
    expect(loadWebRuntimeConfig('staging', noKey).okta?.clientId).toBe('0oa1b2c3d4');
  });

  it('refuses an unknown environment and a missing API URL', () => {
    expect(() => loadWebRuntimeConfig('preview' as never, {})).toThrow('Unknown deploy environment');
    expect(problemLines(() => loadWebRuntimeConfig('staging', {}))[0]).toMatch(/^STAGING_WEB_API_URL: is not set/);
  });
});
