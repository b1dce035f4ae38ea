import { configErrorOf, problemLines, validApiDeployEnv, validOktaEnv, validWebDeployEnv } from './test/fixtures';
import type { DeployEnvironment } from './types';
import { loadWebDeployConfig } from './web-deploy';

describe.each<DeployEnvironment>(['production', 'staging'])('loadWebDeployConfig(%s)', (environment) => {
  const P = environment.toUpperCase();

  it('reads the bucket URL, region and API URL', () => {
    expect(loadWebDeployConfig(environment, validWebDeployEnv(environment))).toEqual({
      environment,
      bucket: 'eapd-web',
      prefix: '',
      region: 'us-east-1',
      apiUrl: '/api',
      notices: [],
    });
  });

  it('needs ONLY the web variables, and carries no API value', () => {
    const config = loadWebDeployConfig(environment, { ...validWebDeployEnv(environment), ...validApiDeployEnv(environment) });
    expect(Object.keys(config).sort()).toEqual(['apiUrl', 'bucket', 'environment', 'notices', 'prefix', 'region']);
    expect(JSON.stringify(config)).not.toContain('session-secret');
  });

  it('reports each missing variable', () => {
    expect(configErrorOf(() => loadWebDeployConfig(environment, validApiDeployEnv(environment))).problems.map((p) => p.variable)).toEqual([
      `${P}_WEB_AWS_S3_BUCKET`,
      `${P}_WEB_AWS_REGION`,
      `${P}_WEB_API_URL`,
    ]);
  });

  it('keeps the key prefix of the bucket URL', () => {
    const env = { ...validWebDeployEnv(environment), [`${P}_WEB_AWS_S3_BUCKET`]: 's3://eapd-web/site' };
    expect(loadWebDeployConfig(environment, env)).toMatchObject({ bucket: 'eapd-web', prefix: 'site/' });
  });

  it.each(['/api', 'api.example.gov/api', 'https://api.example.gov/api'])('accepts %s as the API URL', (apiUrl) => {
    const env = { ...validWebDeployEnv(environment), [`${P}_WEB_API_URL`]: apiUrl };
    expect(loadWebDeployConfig(environment, env).apiUrl).toBe(apiUrl);
  });
});

describe('loadWebDeployConfig: the public Okta settings for the sign-in button', () => {
  it('derives the issuer from the domain and server id, and never reads the API key', () => {
    const env = { ...validWebDeployEnv('staging'), ...validOktaEnv('STAGING_'), STAGING_OKTA_DOMAIN: 'example.okta.com/' };
    const config = loadWebDeployConfig('staging', env);
    expect(config.okta).toEqual({ issuer: 'https://example.okta.com/oauth2/default', clientId: '0oa1b2c3d4' });
    expect(config.notices).toEqual([]);
    expect(JSON.stringify(config)).not.toContain('okta-api-key-puffin');
  });

  it('leaves Okta out with a notice when only some of the three are set', () => {
    const config = loadWebDeployConfig('production', { ...validWebDeployEnv('production'), PRODUCTION_OKTA_CLIENT_ID: 'client-1' });
    expect(config.okta).toBeUndefined();
    expect(config.notices).toEqual([
      'Okta sign-in left out of the build: set all of PRODUCTION_OKTA_DOMAIN, PRODUCTION_OKTA_SERVER_ID, PRODUCTION_OKTA_CLIENT_ID to enable it.',
    ]);
  });

  it('refuses a malformed Okta domain or id with the same rules as the API', () => {
    expect(problemLines(() => loadWebDeployConfig('staging', { ...validWebDeployEnv('staging'), STAGING_OKTA_DOMAIN: 'http://example.okta.com', STAGING_OKTA_SERVER_ID: 'a b' }))).toEqual([
      'STAGING_OKTA_DOMAIN: expected an Okta domain like "example.okta.com" or "https://example.okta.com", got "http://example.okta.com"',
      'STAGING_OKTA_SERVER_ID: expected an Okta id (letters, digits, "-" and "_"), got "a b"',
    ]);
  });
});

describe('loadWebDeployConfig format errors', () => {
  it('says an s3:// URL is expected when given a bare name, and reports everything at once', () => {
    expect(
      problemLines(() =>
        loadWebDeployConfig('staging', {
          STAGING_WEB_AWS_S3_BUCKET: 'eapd-web',
          STAGING_WEB_AWS_REGION: 'east',
          STAGING_WEB_API_URL: 'ftp://api.example.gov',
        }),
      ),
    ).toEqual([
      'STAGING_WEB_AWS_S3_BUCKET: expected an S3 URL like "s3://my-bucket" or "s3://my-bucket/prefix", got a bare bucket name (set it to "s3://eapd-web")',
      'STAGING_WEB_AWS_REGION: expected an AWS region name like "us-east-1", got "east"',
      'STAGING_WEB_API_URL: expected a relative URL ("/api", "api.example.gov/api") or an absolute http(s) URL ("https://api.example.gov/api"), got "ftp://api.example.gov"',
    ]);
  });

  it('applies the bucket naming rules inside the URL', () => {
    expect(problemLines(() => loadWebDeployConfig('production', { ...validWebDeployEnv('production'), PRODUCTION_WEB_AWS_S3_BUCKET: 's3://EAPD_web' }))).toEqual([
      'PRODUCTION_WEB_AWS_S3_BUCKET: bucket name "EAPD_web" may contain only lowercase letters, digits, dots and hyphens',
    ]);
  });
});
