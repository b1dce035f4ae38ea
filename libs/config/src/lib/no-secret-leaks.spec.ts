import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The end-to-end redaction test: a separate Node process runs the loaders into every failure
 * with distinctive secrets set, and nothing it writes to stdout or stderr may contain one.
 */
const WORKSPACE = resolve(__dirname, '../../../..');

const SECRETS = {
  sessionShort: 'sess-LEAK-aardvark',
  dbPassword: 'pw-LEAK-bison',
  oktaKey: 'okta-LEAK-cheetah',
  stagingSession: 'stg-sess-LEAK-dingo',
  jwtValid: 'jwt-LEAK-emu-0123456789abcdefghijklmnop',
  dbPassword2: 'pw-LEAK-ferret',
  accessKeyId: 'akia-LEAK-gecko',
  secretKey: 'sak-LEAK-heron/with"quote\\and\nnewline',
  stagingOkta: 'okta-LEAK-ibis',
  githubToken: 'ghp_LEAK_jaguar',
  githubUrlPassword: 'pw-LEAK-koala',
  previewOkta: 'okta-LEAK-lemur',
  productionSession: 'prod-sess-LEAK-mongoose-0123456789abcdef',
};

const scenarios = {
  runtimeProduction: {
    NODE_ENV: 'production',
    PORT: SECRETS.sessionShort, // a secret pasted into the wrong, non-secret variable
    SESSION_SECRET: SECRETS.sessionShort,
    DATABASE_URL: `mysql://app:${SECRETS.dbPassword}@db.internal/app`,
    OKTA_API_KEY: SECRETS.oktaKey,
    PBKDF2_ITERATIONS: '10',
  },
  apiDeploy: {
    STAGING_API_AWS_AMI: 'ami-nope',
    STAGING_API_AWS_TARGET_GROUP: 'tg-123',
    STAGING_API_FILES_S3_BUCKET: 's3://eapd-files',
    STAGING_API_SESSION_SECRET: SECRETS.stagingSession,
    STAGING_JWT_SECRET: SECRETS.jwtValid,
    STAGING_API_DATABASE_URL: `postgres//u:${SECRETS.dbPassword2}@h/db`,
    STAGING_API_AWS_ACCESS_KEY_ID: SECRETS.accessKeyId,
    STAGING_API_AWS_SECRET_ACCESS_KEY: SECRETS.secretKey,
    STAGING_OKTA_API_KEY: SECRETS.stagingOkta,
    PRODUCTION_API_SESSION_SECRET: SECRETS.productionSession,
    PRODUCTION_JWT_SECRET: SECRETS.jwtValid,
    PRODUCTION_API_DATABASE_URL: `postgres://u:${SECRETS.dbPassword2}@db.internal/eapd`,
    PRODUCTION_API_AWS_SECRET_ACCESS_KEY: SECRETS.secretKey,
    PRODUCTION_API_PORT: 'eighty',
    // The new instance-profile and KMS variables, malformed, beside the secrets: still nothing leaks.
    STAGING_API_AWS_INSTANCE_PROFILE: 'arn:aws:iam::123456789012:role/eapd-api',
    STAGING_API_AWS_KMS_KEY: 'not-a-kms-key',
    PRODUCTION_API_AWS_INSTANCE_PROFILE: 'eapd api',
  },
  preview: {
    GITHUB_TOKEN: SECRETS.githubToken,
    GITHUB_API_URL: `https://bot:${SECRETS.githubUrlPassword}@github.example`,
    PREVIEW_OKTA_API_KEY: SECRETS.previewOkta,
    PREVIEW_AWS_AMI: 'ami-1',
    PREVIEW_AWS_INSTANCE_PROFILE: 'arn:aws:iam::123:instance-profile/x',
  },
  webBuild: { WEB_API_URL: 'ftp://x', WEB_OKTA_ISSUER: 'https://x.okta.com', SESSION_SECRET: SECRETS.productionSession },
};

describe('no secret reaches stdout or stderr', () => {
  let dir: string;
  let result: ReturnType<typeof spawnSync>;
  let output: string;
  let generated: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'config-leak-'));
    const generatedFile = join(dir, 'generated-secret');
    result = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'test', 'leak-probe.ts')], {
      cwd: WORKSPACE,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env['PATH'],
        // The real process environment of the child, read by loadApiRuntimeConfig() with no argument.
        NODE_ENV: 'production',
        SESSION_SECRET: SECRETS.sessionShort,
        DATABASE_URL: `postgres://app:${SECRETS.dbPassword}@db.internal/app`,
        OKTA_API_KEY: SECRETS.oktaKey,
        GITHUB_TOKEN: SECRETS.githubToken,
        LEAK_PROBE_SCENARIOS: JSON.stringify(scenarios),
        LEAK_PROBE_GENERATED: generatedFile,
      },
    });
    output = `${result.stdout}\n${result.stderr}`;
    generated = readFileSync(generatedFile, 'utf8');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ran every failure path and died of the final uncaught error', () => {
    expect(result.error).toBeUndefined();
    expect(result.stdout).toContain('--- probe finished');
    for (const name of ['runtime-process-env', 'runtime-production', 'api-deploy-staging', 'api-deploy-production', 'web-deploy-staging', 'preview', 'web-build']) {
      expect(result.stdout).toContain(`--- ${name}\n`);
    }
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ConfigError');
  });

  it('printed the problems themselves', () => {
    expect(output).toContain('STAGING_API_AWS_TARGET_GROUP: expected an ELBv2 target group ARN, got "tg-123"');
    expect(output).toContain('STAGING_API_FILES_S3_BUCKET: expected a bare bucket name like "my-bucket", got an s3:// URL');
    expect(output).toContain('STAGING_API_SESSION_SECRET: is 19 bytes; needs at least 32');
    expect(output).toContain('SESSION_SECRET: is 18 bytes; needs at least 32');
    expect(output).toContain('PORT: expected a TCP port (from 1 to 65535), got "[REDACTED]"');
    expect(output).toContain('GITHUB_API_URL: expected an absolute http:// or https:// URL without credentials in it');
    expect(output).toContain('SESSION_SECRET not set: generated a random one');
    // Not secrets: the instance profile and KMS key are quoted so the operator can see the typo.
    expect(output).toContain('PRODUCTION_API_AWS_INSTANCE_PROFILE: expected an IAM instance profile name or ARN, got "eapd api"');
    expect(output).toContain('STAGING_API_AWS_KMS_KEY: expected a KMS key id, key ARN, alias ("alias/eapd-staging") or alias ARN, got "not-a-kms-key"');
    expect(output).toContain('STAGING_API_AWS_INSTANCE_PROFILE: expected an instance profile, got a role ARN');
    expect(output).toContain('PREVIEW_AWS_INSTANCE_PROFILE: expected an IAM instance profile name or ARN, got "arn:aws:iam::123:instance-profile/x"');
  });

  it.each(Object.entries(SECRETS))('never prints the secret %s', (_name, secret) => {
    expect(output).not.toContain(secret);
    expect(output).not.toContain(JSON.stringify(secret).slice(1, -1));
  });

  it('never prints the generated development session secret', () => {
    expect(generated.length).toBeGreaterThanOrEqual(32);
    expect(output).not.toContain(generated);
  });
});
