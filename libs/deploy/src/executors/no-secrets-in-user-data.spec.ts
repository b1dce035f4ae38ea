import { harness, OLD_RELEASE, OLDER_RELEASE } from '../../testing/rollover-harness';
import { PreviewHarness, PREVIEW_INFRA_ENV } from '../../testing/preview-harness';
import { runPreview } from './preview/executor';
import { runRolloverExecutor } from './rollover/executor';
import { STAGING_ENV } from './rollover/staging-env.fixture';
import { publishSampleRelease, releasesBucketOn } from '../../testing/releases-harness';
import { startS3rver } from '../../testing/s3rver-harness';

/**
 * The issue's "done when", through the executors with fake ports: api:deploy, api:rollback and
 * api:preview put zero secrets in the user data they launch with, write the settings to
 * Parameter Store instead (encrypted, under the environment's path), and launch with the
 * instance profile. The secrets are shell-hostile on purpose.
 */
const NASTY = `'"$\`|&;*\\ $(id) ünï 🔑\nline two`;
const SECRETS = {
  STAGING_API_DATABASE_URL: `postgres://api:${encodeURIComponent(`db-${NASTY}`)}@db.internal:5432/eapd`,
  STAGING_API_SESSION_SECRET: `session-${NASTY}-0123456789abcdef`,
  STAGING_JWT_SECRET: `jwt-${NASTY}-0123456789abcdef0123`,
  STAGING_API_AWS_ACCESS_KEY_ID: 'AKIAFILESKEY00000001',
  STAGING_API_AWS_SECRET_ACCESS_KEY: `files-${NASTY}`,
  STAGING_OKTA_API_KEY: `okta-${NASTY}`,
};
const OKTA = { STAGING_OKTA_DOMAIN: 'example.okta.com', STAGING_OKTA_SERVER_ID: 'default', STAGING_OKTA_CLIENT_ID: '0oa1b2c3d4' };
/** What must never be in user data: each value and its distinctive inner part. */
const FORBIDDEN = [...Object.values(SECRETS), `db-${NASTY}`, encodeURIComponent(`db-${NASTY}`), NASTY, 'FILESKEY00000001'];
const SHA = 'c'.repeat(40);
/** The target group the harness's load balancer holds, and the one the env names. */
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/0123456789abcdef';
const ctx = { root: '/nonexistent' };

function expectClean(userData: string[]): void {
  expect(userData.length).toBeGreaterThan(0);
  for (const text of userData) for (const secret of FORBIDDEN) expect(text.includes(secret)).toBe(false);
}

describe('no secret in user data, end to end through the executors', () => {
  it('api:deploy writes the settings to /eapd/staging and launches with only the path', async () => {
    const h = harness(1, { targetGroupArn: TARGET_GROUP });
    for (const i of h.compute.instances.values()) i.tags['environment'] = 'staging';
    const env = { ...STAGING_ENV, ...SECRETS, ...OKTA, STAGING_API_AWS_TARGET_GROUP: TARGET_GROUP, STAGING_API_PORT: '8080' };
    const result = await runRolloverExecutor(
      { environment: 'staging', artifactUrl: `https://releases.example/api-${SHA}.zip`, artifactSha256: 'd'.repeat(64), healthTimeout: '5m' },
      ctx, 'deploy', { env, logger: h.logger, ports: { compute: h.compute, loadBalancer: h.lb, parameters: h.parameters, clock: h.clock } },
    );
    expect(result.success).toBe(true);
    const launched = h.compute.live().filter((i) => i.tags['release'] === SHA);
    expect(launched).toHaveLength(1);
    expectClean(launched.map((i) => i.userData ?? ''));
    expect(launched[0].userData).toContain("PARAMETER_PATH='/eapd/staging'");
    expect(launched[0].instanceProfile).toEqual({ name: 'eapd-api-staging' });
    expect(h.parameters.valuesUnder('/eapd/staging')).toMatchObject({
      DATABASE_URL: SECRETS.STAGING_API_DATABASE_URL,
      SESSION_SECRET: SECRETS.STAGING_API_SESSION_SECRET,
      JWT_SECRET: SECRETS.STAGING_JWT_SECRET,
      AWS_SECRET_ACCESS_KEY: SECRETS.STAGING_API_AWS_SECRET_ACCESS_KEY,
      OKTA_API_KEY: SECRETS.STAGING_OKTA_API_KEY,
    });
    // Written before the launch, and never printed.
    const writes = h.parameters.calls.findIndex((c) => c.method === 'write');
    expect(writes).toBeGreaterThanOrEqual(0);
    for (const secret of FORBIDDEN) expect(h.logger.text).not.toContain(secret);
    expect(h.logger.text).toMatch(/SESSION_SECRET: created/);
  });

  it('a second api:deploy with the same settings writes nothing; a changed one writes just that', async () => {
    const h = harness(1, { targetGroupArn: TARGET_GROUP });
    for (const i of h.compute.instances.values()) i.tags['environment'] = 'staging';
    const env = { ...STAGING_ENV, ...SECRETS, ...OKTA, STAGING_API_AWS_TARGET_GROUP: TARGET_GROUP, STAGING_API_PORT: '8080' };
    const deploy = (e: Record<string, string>) =>
      runRolloverExecutor({ environment: 'staging', artifactUrl: `https://releases.example/api-${SHA}.zip`, artifactSha256: 'd'.repeat(64), healthTimeout: '5m', force: true }, ctx, 'deploy', {
        env: e, logger: h.logger, ports: { compute: h.compute, loadBalancer: h.lb, parameters: h.parameters, clock: h.clock },
      });
    expect((await deploy(env)).success).toBe(true);
    h.parameters.calls.length = 0;
    expect((await deploy(env)).success).toBe(true);
    expect(h.parameters.calls.filter((c) => c.method !== 'readPath')).toEqual([]);
    expect((await deploy({ ...env, STAGING_JWT_SECRET: 'a-rotated-jwt-secret-0123456789abcdef' })).success).toBe(true);
    expect(h.parameters.calls.filter((c) => c.method === 'write').map((c) => c.target)).toEqual(['/eapd/staging/JWT_SECRET']);
  });

  it('api:rollback rewrites the settings it launches with, and puts none in the user data', async () => {
    const h = harness(1, { previousOfOld: OLDER_RELEASE, targetGroupArn: TARGET_GROUP });
    for (const i of h.compute.instances.values()) i.tags['environment'] = 'staging';
    const env = { ...STAGING_ENV, ...SECRETS, ...OKTA, STAGING_API_AWS_TARGET_GROUP: TARGET_GROUP, STAGING_API_PORT: '8080' };
    const result = await runRolloverExecutor({ environment: 'staging', healthTimeout: '5m' }, ctx, 'rollback', {
      env, logger: h.logger, ports: { compute: h.compute, loadBalancer: h.lb, parameters: h.parameters, clock: h.clock },
    });
    expect(h.logger.text).toContain(`rolling back from ${OLD_RELEASE.gitSha} to ${OLDER_RELEASE.gitSha}`);
    expect(result.success).toBe(true);
    const launched = h.compute.live().filter((i) => i.tags['release'] === OLDER_RELEASE.gitSha);
    expectClean(launched.map((i) => i.userData ?? ''));
    expect(h.parameters.valuesUnder('/eapd/staging')['SESSION_SECRET']).toBe(SECRETS.STAGING_API_SESSION_SECRET);
  });

  it('a failed write to Parameter Store launches nothing and leaves the old fleet serving', async () => {
    const h = harness(1, { targetGroupArn: TARGET_GROUP });
    for (const i of h.compute.instances.values()) i.tags['environment'] = 'staging';
    h.parameters.failNext('write', Object.assign(new Error('User is not authorized to perform: ssm:PutParameter'), { name: 'AccessDeniedException' }));
    const env = { ...STAGING_ENV, ...SECRETS, ...OKTA, STAGING_API_AWS_TARGET_GROUP: TARGET_GROUP, STAGING_API_PORT: '8080' };
    const result = await runRolloverExecutor({ environment: 'staging', artifactUrl: `https://releases.example/api-${SHA}.zip`, artifactSha256: 'd'.repeat(64) }, ctx, 'deploy', {
      env, logger: h.logger, ports: { compute: h.compute, loadBalancer: h.lb, parameters: h.parameters, clock: h.clock },
    });
    expect(result.success).toBe(false);
    expect(h.compute.calls.filter((c) => c.method === 'launch')).toEqual([]);
    // The plan engine's summary: the write step failed first, so nothing was launched or undone.
    expect(h.logger.text).toMatch(/failed step\s+write-parameters/);
    expect(h.logger.text).toMatch(/new instances\s+none/);
    expect(h.logger.text).toContain('nothing was changed before the failure');
    expect(h.compute.live().map((i) => i.id)).toEqual(h.oldIds);
  });

  it('api:preview writes the Okta API key to /eapd/preview and launches with only the path', async () => {
    const h = await new PreviewHarness().start();
    // api:preview launches the commit's published release: a releases bucket that holds it.
    const s3 = await startS3rver('releases');
    try {
      const bucket = releasesBucketOn(s3);
      await publishSampleRelease(bucket, 'abcdefabcdefabcdefabcdefabcdefabcdefabcd');
      h.github.addPull(42);
      const okta = { PREVIEW_OKTA_DOMAIN: 'example.okta.com', PREVIEW_OKTA_SERVER_ID: 'default', PREVIEW_OKTA_CLIENT_ID: '0oa1b2c3d4', PREVIEW_OKTA_API_KEY: `okta-${NASTY}` };
      const env = {
        ...PREVIEW_INFRA_ENV,
        ...okta, GITHUB_TOKEN: h.github.token, GITHUB_API_URL: h.github.baseUrl,
        CIRCLE_PULL_REQUEST: `https://github.com/${h.repository}/pull/42`, CIRCLE_SHA1: 'abcdefabcdefabcdefabcdefabcdefabcdefabcd',
        CIRCLE_PROJECT_USERNAME: h.github.owner, CIRCLE_PROJECT_REPONAME: h.github.repo,
      };
      const result = await runPreview({}, { env, logger: h.logger, clock: h.clock, compute: () => h.compute, parameters: () => h.parameters, health: h.health, bucket });
      expect(result.success).toBe(true);
      const userData = h.compute.live().map((i) => i.userData ?? '');
      expect(userData).toHaveLength(1);
      for (const text of userData) {
        expect(text).not.toContain(`okta-${NASTY}`);
        expect(text).not.toContain(NASTY);
        expect(text).toContain("PARAMETER_PATH='/eapd/preview'");
      }
      expect(h.compute.live()[0].instanceProfile).toEqual({ name: 'eapd-preview' });
      expect(h.parameters.valuesUnder('/eapd/preview')).toMatchObject({ OKTA_API_KEY: `okta-${NASTY}`, PBKDF2_ITERATIONS: '310000' });
      expect(h.logger.text).not.toContain(NASTY);
    } finally {
      await h.stop();
      await s3.close();
    }
  });
});
