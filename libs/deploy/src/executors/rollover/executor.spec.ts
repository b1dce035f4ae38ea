import { harness, OLD_RELEASE, OLDER_RELEASE } from '../../../testing/rollover-harness';
import { resolveArtifact } from '../../rollover/resolve-artifact';
import { runRolloverExecutor } from './executor';
import { STAGING_ENV } from './staging-env.fixture';
import { parseDuration } from './normalize-options';

const SHA = 'c'.repeat(40);
const ctx = { root: '/nonexistent' };
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/0123456789abcdef';

describe('rollover executor (in process, fakes injected)', () => {
  it('a config error fails before any AWS call and names every variable', async () => {
    const h = harness(1);
    const env = { ...STAGING_ENV, STAGING_API_AWS_AMI: 'not-an-ami', STAGING_API_PORT: '' };
    const result = await runRolloverExecutor(
      { environment: 'staging', artifactUrl: `https://ci.example/api-${SHA}.zip`, artifactSha256: 'd'.repeat(64) },
      ctx,
      'deploy',
      { env, logger: h.logger, ports: { compute: h.compute, loadBalancer: h.lb, parameters: h.parameters, clock: h.clock } },
    );
    expect(result.success).toBe(false);
    expect(h.logger.text).toMatch(/STAGING_API_AWS_AMI/);
    expect(h.logger.text).toMatch(/STAGING_API_PORT/);
    expect(h.compute.calls).toEqual([]);
    expect(h.lb.calls).toEqual([]);
  });

  it('an unknown environment fails before any AWS call, old instances untouched (seed defect 5)', async () => {
    const h = harness(1);
    const result = await runRolloverExecutor(
      { environment: 'prod' as never, artifactUrl: `https://ci.example/api-${SHA}.zip`, artifactSha256: 'd'.repeat(64) },
      ctx,
      'deploy',
      { env: STAGING_ENV, logger: h.logger, ports: { compute: h.compute, loadBalancer: h.lb, parameters: h.parameters, clock: h.clock } },
    );
    expect(result.success).toBe(false);
    expect(h.logger.text).toContain('Unknown environment "prod"');
    expect(h.logger.text).toContain('--configuration=production or --configuration=staging');
    expect(h.compute.calls).toEqual([]);
    expect(h.lb.calls).toEqual([]);
  });

  it('a config error prints every problem but never a secret value', async () => {
    const h = harness(1);
    const env = { ...STAGING_ENV, STAGING_API_SESSION_SECRET: 'too-short-SECRET', STAGING_API_DATABASE_URL: 'mysql://u:DBSECRET@x/y' };
    const result = await runRolloverExecutor({ environment: 'staging', artifactUrl: `https://ci.example/api-${SHA}.zip`, artifactSha256: 'd'.repeat(64) }, ctx, 'deploy', {
      env, logger: h.logger, ports: { compute: h.compute, loadBalancer: h.lb, parameters: h.parameters, clock: h.clock },
    });
    expect(result.success).toBe(false);
    expect(h.logger.text).toMatch(/STAGING_API_SESSION_SECRET/);
    expect(h.logger.text).toMatch(/STAGING_API_DATABASE_URL/);
    expect(h.logger.text).not.toContain('too-short-SECRET');
    expect(h.logger.text).not.toContain('DBSECRET');
    expect(h.compute.calls).toEqual([]);
  });

  it('api:rollback rolls the staging fleet back to its previous release', async () => {
    const h = harness(1, { previousOfOld: OLDER_RELEASE, targetGroupArn: TARGET_GROUP });
    for (const i of h.compute.instances.values()) i.tags['environment'] = 'staging';
    const result = await runRolloverExecutor({ environment: 'staging', healthTimeout: '5m' }, ctx, 'rollback', {
      env: { ...STAGING_ENV, STAGING_API_AWS_TARGET_GROUP: TARGET_GROUP, STAGING_API_PORT: '8080' },
      logger: h.logger,
      ports: { compute: h.compute, loadBalancer: h.lb, parameters: h.parameters, clock: h.clock },
    });
    expect(h.logger.text).toContain(`rolling back from ${OLD_RELEASE.gitSha} to ${OLDER_RELEASE.gitSha}`);
    expect(result.success).toBe(true);
    const fresh = h.compute.live().filter((i) => i.tags['release'] === OLDER_RELEASE.gitSha);
    expect(fresh).toHaveLength(1);
    expect(h.lb.endViolations('staging')).toEqual([]);
  });

  it('parses durations', () => {
    expect(parseDuration('15m', 'x')).toBe(900_000);
    expect(parseDuration('90s', 'x')).toBe(90_000);
    expect(parseDuration('600', 'x')).toBe(600_000);
    expect(() => parseDuration('soon', 'health-timeout')).toThrow(/--health-timeout must be a duration/);
  });
});

describe('resolveArtifact without --release (local use)', () => {
  it('takes an explicit artifact URL and SHA-256', async () => {
    await expect(resolveArtifact({ artifactUrl: `https://x.example/api-${SHA}.zip`, artifactSha256: 'D'.repeat(64) }, {}, '/nonexistent')).resolves.toEqual({
      gitSha: SHA,
      artifactUrl: `https://x.example/api-${SHA}.zip`,
      artifactSha256: 'd'.repeat(64),
    });
  });

  it('never looks up a CircleCI artifact (its download needs a token no instance may get): it says to use --release', async () => {
    const env = { CIRCLE_SHA1: SHA, CIRCLE_TOKEN: 'tok', CIRCLE_WORKFLOW_ID: 'wf-1', CIRCLE_PROJECT_USERNAME: 'org', CIRCLE_PROJECT_REPONAME: 'repo' };
    await expect(resolveArtifact({ artifactSha256: 'd'.repeat(64) }, env, '/nonexistent')).rejects.toThrow(/Nothing to deploy: no --release and no --artifact-url/);
  });
});
