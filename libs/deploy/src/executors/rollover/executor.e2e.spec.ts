import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startAwsStub, type AwsStub } from './aws-stub-server';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../../../..');

export const STAGING_ENV: Record<string, string> = {
  STAGING_API_AWS_AMI: 'ami-0123456789abcdef0',
  STAGING_API_AWS_REGION: 'us-east-1',
  STAGING_API_AWS_SUBNET: 'subnet-0123456789abcdef0',
  STAGING_API_AWS_SECURITY_GROUP: 'sg-0123456789abcdef0',
  STAGING_API_AWS_TARGET_GROUP: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-staging/0123456789abcdef',
  STAGING_API_PORT: '8080',
  STAGING_API_DATABASE_URL: 'postgres://api:pw@db.internal:5432/eapd',
  STAGING_API_FILES_S3_BUCKET: 'eapd-staging-files',
  STAGING_API_AWS_ACCESS_KEY_ID: 'AKIAABCDEFGHIJKLMNOP',
  STAGING_API_AWS_SECRET_ACCESS_KEY: 'files-secret-access-key',
  STAGING_API_PBKDF2_ITERATIONS: '310000',
  STAGING_API_SESSION_SECRET: 'session-secret-session-secret-session-secret',
  STAGING_JWT_SECRET: 'jwt-secret-jwt-secret-jwt-secret-jwt-secret',
};

/** Proves the wiring: Nx → executor → config → real AWS adapters → engine → plan. */
describe('nx run api:deploy --dry-run (through Nx, AWS on a 127.0.0.1 stub)', () => {
  let stub: AwsStub;
  beforeAll(async () => {
    stub = await startAwsStub('staging');
  });
  afterAll(() => stub.close());

  it('prints the plan from the discovered environment and sends only describe calls', async () => {
    const sha = 'c'.repeat(40);
    const { stdout } = await run(
      'npx',
      ['nx', 'run', 'api:deploy', '--configuration=staging', '--dry-run', `--artifact-url=https://ci.example/artifacts/api-${sha}.zip`, `--artifact-sha256=${'d'.repeat(64)}`, '--skip-nx-cache'],
      {
        cwd: ROOT,
        timeout: 120_000,
        env: {
          ...process.env,
          ...STAGING_ENV,
          NX_DAEMON: 'false',
          CI: 'true',
          CIRCLE_SHA1: '',
          AWS_ENDPOINT_URL: stub.url,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
    );
    expect(stdout).toContain('Plan: Backend rollover → staging (us-east-1)');
    expect(stdout).toContain('serving: i-0123456789abcdef0 running, target healthy, release 0ld0ld0');
    expect(stdout).toContain(`Launch 1 × t3.small from ami-0123456789abcdef0 with release ${sha.slice(0, 12)}`);
    expect(stdout).toContain('Wait for draining (deregistration delay 30 s');
    expect(stdout).toContain('Dry run: nothing was changed.');
    // Secrets of the instance environment never reach the log.
    expect(stdout).not.toContain('session-secret-session-secret');
    expect(new Set(stub.actions)).toEqual(new Set(['DescribeInstances', 'DescribeTargetHealth', 'DescribeTargetGroupAttributes', 'DescribeTargetGroups']));
  }, 150_000);
});
