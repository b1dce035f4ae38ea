import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

describe('resolveArtifact from CircleCI', () => {
  it('finds the artifact URL of the build job in this workflow (API v2, Circle-Token)', async () => {
    const seen: Array<{ url?: string; token?: string | string[] }> = [];
    const server = createServer((req, res) => {
      seen.push({ url: req.url, token: req.headers['circle-token'] });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/v2/workflow/wf-1/job') res.end(JSON.stringify({ items: [{ name: 'build-artifacts', job_number: 42 }] }));
      else if (req.url === '/api/v2/project/gh/org/repo/42/artifacts')
        res.end(JSON.stringify({ items: [{ path: `artifacts/api-${SHA}.json`, url: 'https://x/json' }, { path: `artifacts/api-${SHA}.zip`, url: `https://output.circle-artifacts.com/0/artifacts/api-${SHA}.zip` }] }));
      else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
    try {
      const release = await resolveArtifact({ artifactSha256: 'D'.repeat(64) }, {
        CIRCLE_SHA1: SHA,
        CIRCLE_TOKEN: 'tok',
        CIRCLE_WORKFLOW_ID: 'wf-1',
        CIRCLE_PROJECT_USERNAME: 'org',
        CIRCLE_PROJECT_REPONAME: 'repo',
        CIRCLECI_API_URL: api,
      }, '/nonexistent');
      expect(release).toEqual({ gitSha: SHA, artifactUrl: `https://output.circle-artifacts.com/0/artifacts/api-${SHA}.zip`, artifactSha256: 'd'.repeat(64) });
      expect(seen.map((s) => s.token)).toEqual(['tok', 'tok']);
    } finally {
      server.close();
    }
  });

  it('says what to pass when neither flags nor CircleCI context are there', async () => {
    await expect(resolveArtifact({ artifactSha256: 'd'.repeat(64), gitSha: SHA }, {}, '/nonexistent')).rejects.toThrow(/No --artifact-url given/);
  });
});
