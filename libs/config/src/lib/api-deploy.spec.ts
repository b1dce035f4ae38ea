import { loadApiDeployConfig } from './api-deploy';
import { ConfigError } from './config-error';
import { redactorForEnv } from './redact';
import { configErrorOf, problemLines, validApiDeployEnv, validFilesKeyEnv, validOktaEnv } from './test/fixtures';
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
      instanceProfile: { name: `eapd-api-${environment}` },
      parameters: { path: `/eapd/${environment}` },
      instanceEnvironment: {
        NODE_ENV: 'production',
        PORT: '8000',
        DATABASE_URL: 'postgres://eapd:db-password-kiwi@db.internal:5432/eapd',
        FILES_S3_BUCKET: 'eapd-files',
        AWS_REGION: 'us-east-1',
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
    expect(error.message).toMatch(new RegExp(`^Invalid ${environment} API deploy configuration \\(12 problems\\):\\n`));
    expect(error.problems.map((p) => p.variable).sort()).toEqual(Object.keys(env).sort());
  });

  it('does not read the other environment or the unprefixed runtime variables', () => {
    const other = validApiDeployEnv(environment === 'production' ? 'staging' : 'production');
    const runtime = { PORT: '8000', DATABASE_URL: 'postgres://x/y', SESSION_SECRET: 'x'.repeat(40), PBKDF2_ITERATIONS: '300000' };
    expect(configErrorOf(() => loadApiDeployConfig(environment, { ...other, ...runtime })).problems).toHaveLength(12);
  });

  it('passes the optional static files-bucket key to the instance only when both halves are set', () => {
    const config = loadApiDeployConfig(environment, { ...env, ...validFilesKeyEnv(environment) });
    expect(config.instanceEnvironment).toMatchObject({ AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    expect(loadApiDeployConfig(environment, env).instanceEnvironment).not.toHaveProperty('AWS_ACCESS_KEY_ID');
    const half = { ...env, [`${P}_API_AWS_SECRET_ACCESS_KEY`]: 'only-the-secret-LEAK' };
    const lines = problemLines(() => loadApiDeployConfig(environment, half));
    expect(lines).toEqual([
      `${P}_API_AWS_ACCESS_KEY_ID: is not set, but ${P}_API_AWS_SECRET_ACCESS_KEY is: set both (static keys for the files bucket) or neither (the instance role is used)`,
    ]);
    expect(lines.join('\n')).not.toContain('only-the-secret-LEAK');
  });

  it('takes the instance profile by name or by ARN, and a KMS key for the parameters', () => {
    const arn = `arn:aws:iam::123456789012:instance-profile/eapd/${environment}-api`;
    const kms = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const config = loadApiDeployConfig(environment, { ...env, [`${P}_API_AWS_INSTANCE_PROFILE`]: arn, [`${P}_API_AWS_KMS_KEY`]: kms });
    expect(config.instanceProfile).toEqual({ arn });
    expect(config.parameters).toEqual({ path: `/eapd/${environment}`, kmsKeyId: kms });
    expect(loadApiDeployConfig(environment, { ...env, [`${P}_API_AWS_KMS_KEY`]: 'alias/eapd-secrets' }).parameters.kmsKeyId).toBe('alias/eapd-secrets');
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
        STAGING_API_AWS_INSTANCE_PROFILE: 'eapd api',
        STAGING_API_AWS_KMS_KEY: 'my-key',
        STAGING_API_AWS_ACCESS_KEY_ID: 'not-a-key-id',
        STAGING_API_AWS_SECRET_ACCESS_KEY: 'secret-LEAK',
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
      'STAGING_API_AWS_INSTANCE_PROFILE: expected an IAM instance profile name or ARN, got "eapd api" (a name of letters, digits and +=,.@_- up to 128 characters, or "arn:aws:iam::123456789012:instance-profile/eapd-api")',
      'STAGING_API_AWS_KMS_KEY: expected a KMS key id, key ARN, alias ("alias/eapd-staging") or alias ARN, got "my-key" (e.g. "1234abcd-12ab-34cd-56ef-1234567890ab" or "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")',
      'STAGING_API_AWS_ACCESS_KEY_ID: expected an AWS access key id: 16 to 128 uppercase letters and digits, like "AKIA…" (value not shown: it is a secret)',
      'STAGING_API_PBKDF2_ITERATIONS: is 10000; needs at least 100,000 (calibrate with "npx nx run api:calibrate-pbkdf2")',
      'STAGING_API_SESSION_SECRET: is 12 bytes; needs at least 32 (e.g. "openssl rand -base64 48")',
      'STAGING_JWT_SECRET: is 5 bytes; needs at least 32 (e.g. "openssl rand -base64 48")',
    ]);
  });

  it('refuses a role ARN where the instance profile belongs, saying which to use', () => {
    expect(problemLines(() => loadApiDeployConfig('staging', { ...env, STAGING_API_AWS_INSTANCE_PROFILE: 'arn:aws:iam::123456789012:role/eapd-api' }))).toEqual([
      'STAGING_API_AWS_INSTANCE_PROFILE: expected an instance profile, got a role ARN (EC2 launches with the instance profile that holds the role: use ":instance-profile/<name>" (often the role\'s own name))',
    ]);
  });

  it('refuses a KMS key of another region, or another service\'s AWS managed key', () => {
    const otherRegion = 'arn:aws:kms:eu-west-1:123456789012:alias/eapd';
    expect(problemLines(() => loadApiDeployConfig('staging', { ...env, STAGING_API_AWS_KMS_KEY: otherRegion }))).toEqual([
      'STAGING_API_AWS_KMS_KEY: is in region eu-west-1 but STAGING_API_AWS_REGION is us-east-1: Parameter Store can only use a KMS key of its own region',
    ]);
    expect(problemLines(() => loadApiDeployConfig('staging', { ...env, STAGING_API_AWS_KMS_KEY: 'alias/aws/s3' }))).toEqual([
      'STAGING_API_AWS_KMS_KEY: names an AWS managed key of another service; Parameter Store can use only its own ("alias/aws/ssm") or a customer managed key, got "alias/aws/s3"',
    ]);
    expect(loadApiDeployConfig('staging', { ...env, STAGING_API_AWS_KMS_KEY: 'alias/aws/ssm' }).parameters.kmsKeyId).toBe('alias/aws/ssm');
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

describe('the instance-profile variables and redaction', () => {
  it('a loaded config printed through the redactor keeps the profile and masks every secret', () => {
    const env = { ...validApiDeployEnv('production'), ...validFilesKeyEnv('production'), ...validOktaEnv('PRODUCTION_') };
    const config = loadApiDeployConfig('production', env);
    const printed = JSON.stringify(redactorForEnv(env).object(config));
    expect(printed).toContain('"instanceProfile":{"name":"eapd-api-production"}');
    expect(printed).toContain('"parameters":{"path":"/eapd/production"}');
    for (const secret of ['db-password-kiwi', 'session-secret-that-is-long-enough', 'jwt-secret-that-is-also', 'wJalrXUtnFEMI', 'AKIAIOSFODNN7EXAMPLE', 'okta-api-key-puffin']) {
      expect(printed).not.toContain(secret);
    }
  });
});
