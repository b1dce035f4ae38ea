import { loadWebDeployConfig } from '@eapd/config';
import { renderRuntimeConfig, webRuntimeConfigOf } from './runtime-config-file';

/**
 * What an environment's /config.json holds. It used to have its own reading
 * (loadWebRuntimeConfig); since w13 the web deploy config carries the public Okta settings,
 * so /config.json is derived from that one reading. These are the old reading's promises.
 */
const webEnv = (p: string) => ({ [`${p}WEB_AWS_S3_BUCKET`]: 's3://eapd-web', [`${p}WEB_AWS_REGION`]: 'us-east-1', [`${p}WEB_API_URL`]: '/api' });
const oktaEnv = (p: string) => ({
  [`${p}OKTA_DOMAIN`]: 'example.okta.com',
  [`${p}OKTA_SERVER_ID`]: 'default',
  [`${p}OKTA_CLIENT_ID`]: '0oa1b2c3d4',
  [`${p}OKTA_API_KEY`]: 'okta-api-key-puffin',
});

describe('/config.json from the web deploy config', () => {
  it('holds the API URL and no Okta when Okta is not configured', () => {
    expect(webRuntimeConfigOf(loadWebDeployConfig('staging', webEnv('STAGING_')))).toEqual({ apiUrl: '/api', okta: null });
  });

  it('holds the Okta issuer and client id, never the API key', () => {
    const config = webRuntimeConfigOf(loadWebDeployConfig('production', { ...webEnv('PRODUCTION_'), ...oktaEnv('PRODUCTION_') }));
    expect(config.okta).toEqual({ issuer: 'https://example.okta.com/oauth2/default', clientId: '0oa1b2c3d4' });
    expect(renderRuntimeConfig(config)).toBe('{"apiUrl":"/api","okta":{"issuer":"https://example.okta.com/oauth2/default","clientId":"0oa1b2c3d4"}}\n');
    expect(renderRuntimeConfig(config)).not.toContain('okta-api-key-puffin');
  });

  it('needs the three public Okta values together (a partial set leaves Okta out, with a notice), not the API key', () => {
    const partial = loadWebDeployConfig('staging', { ...webEnv('STAGING_'), STAGING_OKTA_DOMAIN: 'example.okta.com', STAGING_OKTA_CLIENT_ID: 'abc' });
    expect(webRuntimeConfigOf(partial).okta).toBeNull();
    expect(partial.notices.join('\n')).toContain('STAGING_OKTA_SERVER_ID');
    const noKey = loadWebDeployConfig('staging', { ...webEnv('STAGING_'), ...oktaEnv('STAGING_'), STAGING_OKTA_API_KEY: '' });
    expect(webRuntimeConfigOf(noKey).okta?.clientId).toBe('0oa1b2c3d4');
  });

  it('refuses an unknown environment and a missing API URL', () => {
    expect(() => loadWebDeployConfig('preview' as never, {})).toThrow('Unknown deploy environment');
    expect(() => loadWebDeployConfig('staging', { STAGING_WEB_AWS_S3_BUCKET: 's3://eapd-web', STAGING_WEB_AWS_REGION: 'us-east-1' })).toThrow(/STAGING_WEB_API_URL: is not set/);
  });

  it('renders the same bytes for the same settings (an unchanged config is not uploaded again)', () => {
    const a = renderRuntimeConfig(webRuntimeConfigOf(loadWebDeployConfig('staging', { ...webEnv('STAGING_'), ...oktaEnv('STAGING_') })));
    const b = renderRuntimeConfig(webRuntimeConfigOf(loadWebDeployConfig('staging', { ...oktaEnv('STAGING_'), ...webEnv('STAGING_') })));
    expect(a).toBe(b);
  });
});
