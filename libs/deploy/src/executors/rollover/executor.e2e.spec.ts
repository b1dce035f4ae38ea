import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startAwsWire, type AwsWire } from '../../../testing/aws-wire/aws-wire-server';
import { wireEnv } from '../../../testing/aws-wire/wire-adapters';
import { topLevelNxEnv } from '../../../testing/process/nx-process';
import { SsmStandIn } from '../../../testing/ssm-stand-in';
import { STAGING_ENV } from './staging-env.fixture';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../../../..');


/** Proves the wiring: Nx → executor → config → real AWS adapters → engine → plan. */
describe('nx run api:deploy --dry-run (through Nx, AWS on the 127.0.0.1 stand-in)', () => {
  let wire: AwsWire;
  let ssm: SsmStandIn;
  beforeAll(async () => {
    wire = await startAwsWire();
    const arn = STAGING_ENV['STAGING_API_AWS_TARGET_GROUP'];
    wire.elb.addTargetGroup({ arn, port: 8080, deregistrationDelayMs: 30_000 });
    wire.ec2.seed({ id: 'i-0123456789abcdef0', imageId: 'ami-0123456789abcdef0', tags: { environment: 'staging', release: '0ld0ld0' } });
    wire.elb.seedRegistered(arn, ['i-0123456789abcdef0']);
    ssm = await new SsmStandIn().start();
    // One setting is already there with the same value: the plan says so, without showing it.
    ssm.put('/eapd/staging/PBKDF2_ITERATIONS', STAGING_ENV['STAGING_API_PBKDF2_ITERATIONS']);
  });
  afterAll(async () => {
    await wire.close();
    await ssm.close();
  });

  it('prints the plan from the discovered environment and sends only describe calls', async () => {
    const sha = 'c'.repeat(40);
    const { stdout } = await run(
      'npx',
      ['nx', 'run', 'api:deploy', '--configuration=staging', '--dry-run', `--artifact-url=https://ci.example/artifacts/api-${sha}.zip`, `--artifact-sha256=${'d'.repeat(64)}`, '--skip-nx-cache'],
      {
        cwd: ROOT,
        timeout: 120_000,
        env: {
          ...topLevelNxEnv(),
          ...STAGING_ENV,
          NX_DAEMON: 'false',
          CI: 'true',
          CIRCLE_SHA1: '',
          ...wireEnv(wire.url),
          AWS_ENDPOINT_URL_SSM: ssm.url,
        },
      },
    );
    expect(stdout).toContain('Plan: Backend rollover → staging (us-east-1)');
    expect(stdout).toContain('serving: i-0123456789abcdef0 running, target healthy, release 0ld0ld0');
    expect(stdout).toContain(`Launch 1 × t3.small from ami-0123456789abcdef0 with release ${sha.slice(0, 12)}`);
    expect(stdout).toContain('Drain the old fleet (deregistration delay 30 s');
    expect(stdout).toContain('Write the instance settings to Parameter Store under /eapd/staging/: 10 change(s), 1 unchanged (SecureString, KMS key alias/aws/ssm)');
    expect(stdout).toMatch(/create +DATABASE_URL\n/);
    expect(stdout).toMatch(/unchanged +PBKDF2_ITERATIONS\n/);
    expect(stdout).toContain('instance profile eapd-api-staging, IMDSv2 only (hop limit 1)');
    expect(stdout).toContain('Dry run: nothing was changed.');
    // A dry run reads the parameters (to compare) and writes none.
    expect(new Set(ssm.calls.map((c) => c.operation))).toEqual(new Set(['GetParametersByPath', 'DescribeParameters']));
    expect(ssm.all().map((p) => p.name)).toEqual(['/eapd/staging/PBKDF2_ITERATIONS']);
    // Secrets of the instance environment never reach the log.
    for (const secret of ['session-secret-session-secret', 'jwt-secret-jwt-secret', 'files-secret-access-key', 'postgres://api:pw@']) expect(stdout).not.toContain(secret);
    expect(new Set(wire.faults.calls.map((c) => c.operation))).toEqual(new Set(['DescribeInstances', 'DescribeTargetHealth', 'DescribeTargetGroupAttributes', 'DescribeTargetGroups']));
  }, 150_000);
});
