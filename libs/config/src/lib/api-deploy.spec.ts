import { loadApiDeployConfig } from './api-deploy';
import { ConfigError } from './config-error';
import { configErrorOf, problemLines, validApiDeployEnv, validOktaEnv } from './test/fixtures';
import type { DeployEnvironment } from './types';

describe.each<DeployEnvironment>(['production', 'staging'])('loadApiDeployConfig(%s)', (environment) => {
  const P = environment.toUpperCase();
  const env = validApiDeployEnv(environment);

  it('reads the seed variable names into the config and the instance environment', () => {
    expect(loadApiDeployConfig(environment, env)).toEqual({
      environment,
      ami: 'ami-0123456789abcdef0',
      region: 'us-east-1',
      subnet: 'subnet-0123456789abcdef0',
      securityGroup: 'sg-0123456789abcdef0',
      targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/eapd-api/0123456789abcdef',
      port: 8000,
      instanceEnvironment: {
        NODE_ENV: 'production',
        PORT: '8000',
        DATABASE_URL: 'postgres://eapd:db-password-kiwi@db.internal:5432/eapd',
        FILES_S3_BUCKET: 'eapd-files',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        PBKDF2_ITERATIONS: '210000',
        SESSION_SECRET: 'session-secret-that-is-long-enough-0123456789',
        JWT_SECRET: 'jwt-secret-that-is-also-long-enough-0123456789',
        TRUST_PROXY: '1',
      },
    });
  });

  it('passes Okta settings to the instance, normalised', () => {
    const config = loadApiDeployConfig(environment, { ...env, ...validOktaEnv(`${P}_`), [`${P}_OKTA_AUDIENCE`]: 'api://eapd' });
    expect(config.instanceEnvironment).toMatchObject({
      OKTA_DOMAIN: 'https://example.okta.com',
      OKTA_SERVER_ID: 'default',
      OKTA_CLIENT_ID: '0oa1b2c3d4',
      OKTA_API_KEY: 'okta-api-key-puffin',
      OKTA_AUDIENCE: 'api://eapd',
    });
  });

  it.each(Object.keys(validApiDeployEnv(environment)))('reports %s when it is missing', (name) => {
    const without = { ...env };
    delete without[name];
    expect(problemLines(() => loadApiDeployConfig(environment, without))).toEqual([expect.stringMatching(new RegExp(`^${name}: is not set \\(.+\\)$`))]);
  });

  it('reports every missing variable in one error', () => {
    const error = configErrorOf(() => loadApiDeployConfig(environment, {}));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(new RegExp(`^Invalid ${environment} API deploy configuration \\(13 problems\\):\\n`));
    expect(error.problems.map((p) => p.variable).sort()).toEqual(Object.keys(env).sort());
  });

  it('does not read the other environment or the unprefixed runtime variables', () => {
    const other = validApiDeployEnv(environment === 'production' ? 'staging' : 'production');
    const runtime = { PORT: '8000', DATABASE_URL: 'postgres://x/y', SESSION_SECRET: 'x'.repeat(40), PBKDF2_ITERATIONS: '300000' };
    expect(configErrorOf(() => loadApiDeployConfig(environment, { ...other, ...runtime })).problems).toHaveLength(13);
  });

  it('reports the Okta variables that are missing when only some are set', () => {
    expect(problemLines(() => loadApiDeployConfig(environment, { ...env, [`${P}_OKTA_DOMAIN`]: 'example.okta.com' }))).toEqual([
      `${P}_OKTA_SERVER_ID: is not set, but ${P}_OKTA_DOMAIN is: set all four Okta variables or none`,
      `${P}_OKTA_CLIENT_ID: is not set, but ${P}_OKTA_DOMAIN is: set all four Okta variables or none`,
      `${P}_OKTA_API_KEY: is not set, but ${P}_OKTA_DOMAIN is: set all four Okta variables or none`,
    ]);
  });
});

describe('loadApiDeployConfig format errors', () => {
  const env = validApiDeployEnv('staging');

  it('reports every bad value in one error, one line each, quoting only non-secrets', () => {
    const lines = problemLines(() =>
      loadApiDeployConfig('staging', {
        ...env,
        STAGING_API_AWS_AMI: 'ami-xyz',
        STAGING_API_AWS_REGION: 'us-east',
        STAGING_API_AWS_SUBNET: 'subnet-1',
        STAGING_API_AWS_SECURITY_GROUP: 'sg-nope',
        STAGING_API_AWS_TARGET_GROUP: 'tg-123',
        STAGING_API_PORT: '70000',
        STAGING_API_DATABASE_URL: 'db.internal:5432',
        STAGING_API_FILES_S3_BUCKET: 's3://eapd-files',
        STAGING_API_AWS_ACCESS_KEY_ID: 'not-a-key-id',
        STAGING_API_PBKDF2_ITERATIONS: '10000',
        STAGING_API_SESSION_SECRET: 'twelve-bytes',
        STAGING_JWT_SECRET: 'short',
      }),
    );
    expect(lines).toEqual([
      'STAGING_API_AWS_AMI: expected an AMI id like "ami-0123456789abcdef0" (ami- then 8 or 17 lowercase hex digits), got "ami-xyz"',
      'STAGING_API_AWS_REGION: expected an AWS region name like "us-east-1", got "us-east"',
      'STAGING_API_AWS_SUBNET: expected a subnet id like "subnet-0123456789abcdef0" (subnet- then 8 or 17 lowercase hex digits), got "subnet-1"',
      'STAGING_API_AWS_SECURITY_GROUP: expected a security group id like "sg-0123456789abcdef0" (sg- then 8 or 17 lowercase hex digits), got "sg-nope"',
      'STAGING_API_AWS_TARGET_GROUP: expected an ELBv2 target group ARN, got "tg-123" (like "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/eapd-api/0123456789abcdef")',
      'STAGING_API_PORT: expected a TCP port (from 1 to 65535), got "70000"',
      'STAGING_API_DATABASE_URL: expected a PostgreSQL URL like "postgres://user:password@host:5432/database" (value not shown: it is a secret)',
      'STAGING_API_FILES_S3_BUCKET: expected a bare bucket name like "my-bucket", got an s3:// URL (set it to just "eapd-files")',
      'STAGING_API_AWS_ACCESS_KEY_ID: expected an AWS access key id: 16 to 128 uppercase letters and digits, like "AKIA…" (value not shown: it is a secret)',
      'STAGING_API_PBKDF2_ITERATIONS: is 10000; needs at least 100,000 (calibrate with "npx nx run api:calibrate-pbkdf2")',
      'STAGING_API_SESSION_SECRET: is 12 bytes; needs at least 32 (e.g. "openssl rand -base64 48")',
      'STAGING_JWT_SECRET: is 5 bytes; needs at least 32 (e.g. "openssl rand -base64 48")',
    ]);
  });

  it('refuses a target group in another region than the instance', () => {
    expect(problemLines(() => loadApiDeployConfig('staging', { ...env, STAGING_API_AWS_REGION: 'us-west-2' }))).toEqual([
      'STAGING_API_AWS_TARGET_GROUP: is in region us-east-1 but STAGING_API_AWS_REGION is us-west-2: the instance must be launched in the target group\'s region',
    ]);
  });

  it('refuses an unknown environment before reading anything', () => {
    const error = configErrorOf(() => loadApiDeployConfig('prod' as DeployEnvironment, env));
    expect(error.message).toBe('Unknown deploy environment (1 problem):\n  environment: expected "production" or "staging", got "prod"');
  });
});
