import { problemLines } from './test/fixtures';
import { loadWebBuildConfig } from './web-build';

describe('loadWebBuildConfig', () => {
  it('defaults the API URL to /api and shows no Okta button', () => {
    expect(loadWebBuildConfig({})).toEqual({ apiUrl: '/api' });
  });

  it('reads the Okta issuer and client id together', () => {
    expect(loadWebBuildConfig({ WEB_API_URL: 'https://api.example.gov/api', WEB_OKTA_ISSUER: 'https://example.okta.com/oauth2/default', WEB_OKTA_CLIENT_ID: '0oa1' })).toEqual({
      apiUrl: 'https://api.example.gov/api',
      okta: { issuer: 'https://example.okta.com/oauth2/default', clientId: '0oa1' },
    });
  });

  it('refuses one Okta variable without the other, and a bad API URL', () => {
    expect(problemLines(() => loadWebBuildConfig({ WEB_API_URL: 'ftp://x', WEB_OKTA_ISSUER: 'https://example.okta.com/oauth2/default' }))).toEqual([
      'WEB_API_URL: expected a relative URL ("/api", "api.example.gov/api") or an absolute http(s) URL ("https://api.example.gov/api"), got "ftp://x"',
      'WEB_OKTA_CLIENT_ID: is not set, but WEB_OKTA_ISSUER is: set both or neither',
    ]);
  });
});
