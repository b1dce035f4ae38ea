import { loadPreviewDeployConfig } from './preview-deploy';
import { configErrorOf, problemLines, validOktaEnv, validPreviewEnv } from './test/fixtures';

describe('loadPreviewDeployConfig', () => {
  it('reads PREVIEW_* and the GitHub settings, defaulting the API URL', () => {
    expect(loadPreviewDeployConfig(validPreviewEnv())).toEqual({
      environment: 'preview',
      ami: 'ami-0123456789abcdef0',
      region: 'us-east-1',
      subnet: 'subnet-0123456789abcdef0',
      securityGroup: 'sg-0123456789abcdef0',
      pbkdf2Iterations: 100000,
      github: { token: 'ghp_distinctiveTokenValue123', apiUrl: 'https://api.github.com' },
    });
  });

  it('takes GITHUB_API_URL (e.g. GitHub Enterprise or a local test server) and Okta', () => {
    const config = loadPreviewDeployConfig({ ...validPreviewEnv(), ...validOktaEnv('PREVIEW_'), GITHUB_API_URL: 'http://127.0.0.1:3999/' });
    expect(config.github.apiUrl).toBe('http://127.0.0.1:3999');
    expect(config.okta).toMatchObject({ issuer: 'https://example.okta.com/oauth2/default', apiKey: 'okta-api-key-puffin' });
  });

  it.each(Object.keys(validPreviewEnv()))('reports %s when it is missing', (name) => {
    const env = validPreviewEnv();
    delete env[name];
    expect(problemLines(() => loadPreviewDeployConfig(env))).toEqual([expect.stringMatching(new RegExp(`^${name}: is not set \\(.+\\)$`))]);
  });

  it('reports every problem at once', () => {
    const error = configErrorOf(() =>
      loadPreviewDeployConfig({
        PREVIEW_AWS_AMI: 'ami-1',
        PREVIEW_AWS_SUBNET: 'subnet-xyz',
        PREVIEW_API_PBKDF2_ITERATIONS: '1000',
        PREVIEW_OKTA_CLIENT_ID: '0oa1',
        GITHUB_API_URL: 'api.github.com',
      }),
    );
    expect(error.message.split('\n')[0]).toBe('Invalid preview deploy configuration (10 problems):');
    expect(error.problems.map((p) => p.variable)).toEqual([
      'PREVIEW_AWS_AMI',
      'PREVIEW_AWS_REGION',
      'PREVIEW_AWS_SUBNET',
      'PREVIEW_AWS_SECURITY_GROUP',
      'PREVIEW_API_PBKDF2_ITERATIONS',
      'PREVIEW_OKTA_DOMAIN',
      'PREVIEW_OKTA_SERVER_ID',
      'PREVIEW_OKTA_API_KEY',
      'GITHUB_TOKEN',
      'GITHUB_API_URL',
    ]);
  });

  it('never repeats credentials embedded in GITHUB_API_URL', () => {
    const error = configErrorOf(() => loadPreviewDeployConfig({ ...validPreviewEnv(), GITHUB_API_URL: 'https://bot:pw-heron-99@github.example' }));
    expect(error.problems).toEqual([{ variable: 'GITHUB_API_URL', message: 'expected an absolute http:// or https:// URL without credentials in it' }]);
    expect(error.message).not.toContain('pw-heron-99');
  });
});
