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
      instanceProfile: { arn: 'arn:aws:iam::123456789012:instance-profile/eapd-preview' },
      parameters: { path: '/eapd/preview' },
      instanceEnvironment: { PBKDF2_ITERATIONS: '100000' },
      github: { token: 'ghp_distinctiveTokenValue123', apiUrl: 'https://api.github.com' },
    });
  });

  it('sends the Okta settings, API key included, to Parameter Store with the KMS key asked for', () => {
    const config = loadPreviewDeployConfig({ ...validPreviewEnv(), ...validOktaEnv('PREVIEW_'), PREVIEW_AWS_KMS_KEY: 'alias/eapd-preview', PREVIEW_AWS_INSTANCE_PROFILE: 'eapd-preview' });
    expect(config.instanceProfile).toEqual({ name: 'eapd-preview' });
    expect(config.parameters).toEqual({ path: '/eapd/preview', kmsKeyId: 'alias/eapd-preview' });
    expect(config.instanceEnvironment).toEqual({
      PBKDF2_ITERATIONS: '100000',
      OKTA_DOMAIN: 'https://example.okta.com',
      OKTA_SERVER_ID: 'default',
      OKTA_CLIENT_ID: '0oa1b2c3d4',
      OKTA_API_KEY: 'okta-api-key-puffin',
      OKTA_AUDIENCE: 'api://default',
    });
  });

  it('refuses a malformed instance profile and KMS key', () => {
    expect(problemLines(() => loadPreviewDeployConfig({ ...validPreviewEnv(), PREVIEW_AWS_INSTANCE_PROFILE: 'arn:aws:iam::123:instance-profile/x', PREVIEW_AWS_KMS_KEY: 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }))).toEqual([
      'PREVIEW_AWS_INSTANCE_PROFILE: expected an IAM instance profile name or ARN, got "arn:aws:iam::123:instance-profile/x" (a name of letters, digits and +=,.@_- up to 128 characters, or "arn:aws:iam::123456789012:instance-profile/eapd-api")',
      'PREVIEW_AWS_KMS_KEY: is in region us-west-2 but PREVIEW_AWS_REGION is us-east-1: Parameter Store can only use a KMS key of its own region',
    ]);
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
    expect(error.message.split('\n')[0]).toBe('Invalid preview deploy configuration (11 problems):');
    expect(error.problems.map((p) => p.variable)).toEqual([
      'PREVIEW_AWS_AMI',
      'PREVIEW_AWS_REGION',
      'PREVIEW_AWS_SUBNET',
      'PREVIEW_AWS_SECURITY_GROUP',
      'PREVIEW_API_PBKDF2_ITERATIONS',
      'PREVIEW_OKTA_DOMAIN',
      'PREVIEW_OKTA_SERVER_ID',
      'PREVIEW_OKTA_API_KEY',
      'PREVIEW_AWS_INSTANCE_PROFILE',
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
