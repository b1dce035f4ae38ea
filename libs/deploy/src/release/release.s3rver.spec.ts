import { GetObjectCommand } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../aws/s3-object-store';
import { runReleaseExecutor } from '../executors/release/executor';
import { runHistory } from '../executors/history/executor';
import { runRolloverExecutor } from '../executors/rollover/executor';
import { STAGING_ENV } from '../executors/rollover/staging-env.fixture';
import { HistoryLog } from '../history/history-log';
import type { HistoryEntry } from '../history/history-record';
import { SAMPLE_BUILD } from '../../testing/build-fixture';
import { MemoryLogger } from '../../testing/memory-logger';
import { harness } from '../../testing/rollover-harness';
import { RELEASE_A, RELEASE_B, RELEASE_C } from '../../testing/release-fixture';
import { publishSampleRelease, releasesBucketOn } from '../../testing/releases-harness';
import { startS3rver, type S3rverHarness } from '../../testing/s3rver-harness';

jest.setTimeout(120_000);

const RELEASE_D = 'd4'.repeat(20);
const webOf = (release: string) => ({ ...SAMPLE_BUILD, 'index.html': `<!doctype html><p>release ${release}</p>` });

/**
 * deploy:release, deploy:rollback and deploy:history end to end: the API on the EC2/ELB
 * fakes (virtual clock), the releases bucket (rel/) and the web bucket (web/) on s3rver.
 */
describe('releases: deploy both parts, put both back on failure, roll back, history', () => {
  let s3: S3rverHarness;
  const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/0123456789abcdef';
  const h = harness(0, { targetGroupArn: TARGET_GROUP });
  const env = {
    ...STAGING_ENV,
    STAGING_API_AWS_TARGET_GROUP: TARGET_GROUP,
    STAGING_API_PORT: '8080',
    STAGING_WEB_AWS_S3_BUCKET: 's3://site/web',
    STAGING_WEB_AWS_REGION: 'us-east-1',
    STAGING_WEB_API_URL: '/api',
    CIRCLE_USERNAME: 'release-bot',
  };
  const bucket = () => releasesBucketOn(s3);
  const runtime = (logger = new MemoryLogger()) => ({
    env,
    logger,
    ports: { compute: h.compute, loadBalancer: h.lb, parameters: h.parameters, clock: h.clock },
    bucket: bucket(),
    webStore: new S3ObjectStore({ bucket: 'site', region: 'us-east-1', client: s3.client }),
  });
  const release = (sha: string, logger = new MemoryLogger()) => {
    h.clock.advance(3_600_000);
    return runReleaseExecutor({ environment: 'staging', release: sha, healthTimeout: '5m' }, { root: '/nonexistent' }, 'release', runtime(logger));
  };
  const rollback = (to?: string, logger = new MemoryLogger()) => {
    h.clock.advance(3_600_000);
    return runReleaseExecutor({ environment: 'staging', to, healthTimeout: '5m' }, { root: '/nonexistent' }, 'rollback', runtime(logger));
  };
  const history = (): Promise<HistoryEntry[]> => new HistoryLog(bucket().store, bucket().layout).read('staging');
  /** What the environment really serves: the fleet's release tag, and the index.html in the web bucket. */
  const serving = async () => {
    const fleet = [...new Set(h.compute.live().map((i) => i.tags['release']))];
    const index = await s3.client.send(new GetObjectCommand({ Bucket: 'site', Key: 'web/index.html' })).then((r) => r.Body?.transformToString());
    return { api: fleet.join(','), web: /release (\w+)/.exec(index ?? '')?.[1] };
  };

  beforeAll(async () => {
    s3 = await startS3rver('site');
    for (const sha of [RELEASE_A, RELEASE_B, RELEASE_C, RELEASE_D]) await publishSampleRelease(bucket(), sha, { web: webOf(sha) });
  });
  afterAll(() => s3.close());

  it('deploys release A then B: both parts, one lock, one history record each; instances get a presigned URL, never a token', async () => {
    expect(await release(RELEASE_A)).toEqual({ success: true });
    expect(await release(RELEASE_B)).toEqual({ success: true });
    expect(await serving()).toEqual({ api: RELEASE_B, web: RELEASE_B });
    const userData = h.compute.mutatingCalls().filter((c) => c.method === 'launch').map((c) => (c.args[0] as { userData: string }).userData);
    expect(userData.at(-1)).toContain(`releases/${RELEASE_B}/api-${RELEASE_B}.zip?`);
    expect(userData.at(-1)).toContain('X-Amz-Signature=');
    expect(userData.join('\n')).not.toMatch(/circle|github_token|ghp_/i);
    // The tags keep the stable s3:// location, so a rollback of any age can presign it again.
    expect(h.compute.live()[0].tags['artifact-url']).toBe(`s3://site/rel/releases/${RELEASE_B}/api-${RELEASE_B}.zip`);
    const [latest] = await history();
    expect(latest).toMatchObject({ kind: 'release', release: RELEASE_B, who: 'release-bot', outcome: 'succeeded', previous: { api: RELEASE_A, web: RELEASE_A }, serving: { api: RELEASE_B, web: RELEASE_B } });
    expect(latest.steps?.map((s) => s.name)).toEqual(['verify', 'api', 'web']);
    expect(await bucket().store.read(bucket().layout.lock('staging'))).toBeUndefined();
  });

  it('an API rollover that fails its health check leaves both parts on B, and the history says so', async () => {
    h.compute.scriptNextLaunches({ neverHealthy: true });
    const logger = new MemoryLogger();
    expect(await release(RELEASE_C, logger)).toEqual({ success: false });
    expect(await serving()).toEqual({ api: RELEASE_B, web: RELEASE_B });
    const [latest] = await history();
    expect(latest).toMatchObject({ release: RELEASE_C, outcome: 'failed', serving: { api: RELEASE_B, web: RELEASE_B } });
    expect(latest.error).toMatch(/health|healthy/i);
    expect(latest.steps?.map((s) => `${s.name}:${s.ok}`)).toEqual(['verify:true', 'api:false']);
  });

  it('a web part that fails after the API switched puts the API back on B too', async () => {
    const key = bucket().layout.archive('web', RELEASE_C);
    const original = (await bucket().store.read(key))!.body;
    await bucket().store.write({ key, body: Buffer.from('not the web build'), contentType: 'application/zip' });
    const logger = new MemoryLogger();
    try {
      expect(await release(RELEASE_C, logger)).toEqual({ success: false });
    } finally {
      await bucket().store.write({ key, body: original, contentType: 'application/zip' });
    }
    expect(logger.text).toContain(`Put staging back on ${RELEASE_B}`);
    expect(await serving()).toEqual({ api: RELEASE_B, web: RELEASE_B });
    const [latest] = await history();
    expect(latest).toMatchObject({ release: RELEASE_C, outcome: 'failed', serving: { api: RELEASE_B, web: RELEASE_B }, error: expect.stringContaining('SHA-256 mismatch') });
    expect(latest.steps?.map((s) => `${s.name}:${s.ok}`)).toEqual(['verify:true', 'api:true', 'web:false', 'put back api:true']);
    expect(h.lb.endViolations('staging')).toEqual([]);
  });

  it('deploy:rollback after those failed rollovers returns both parts to the release before B (A)', async () => {
    const dry = new MemoryLogger();
    expect(await runReleaseExecutor({ environment: 'staging', dryRun: true }, { root: '/nonexistent' }, 'rollback', runtime(dry))).toEqual({ success: true });
    expect(dry.text).toContain(`Plan: Rollback (both parts) → staging`);
    expect(dry.text).toMatch(new RegExp(`release +${RELEASE_A}`));
    expect(dry.text).toMatch(/lock +free/);
    expect(dry.text).toContain('Dry run: nothing was changed.');
    expect(await serving()).toEqual({ api: RELEASE_B, web: RELEASE_B });

    expect(await rollback()).toEqual({ success: true });
    expect(await serving()).toEqual({ api: RELEASE_A, web: RELEASE_A });
    const [latest] = await history();
    expect(latest).toMatchObject({ kind: 'rollback', release: RELEASE_A, outcome: 'succeeded', previous: { api: RELEASE_B, web: RELEASE_B } });
  });

  it('rolling back again never goes forth to B; with nothing older it says to name a release', async () => {
    const logger = new MemoryLogger();
    const before = (await history()).length;
    expect(await rollback(undefined, logger)).toEqual({ success: false });
    expect(logger.text).toContain("Nothing to roll back to: staging's history records no earlier successful release.");
    expect(logger.text).toContain('--to=<git-sha>');
    expect(await serving()).toEqual({ api: RELEASE_A, web: RELEASE_A });
    // Refused before taking the lock: nothing was attempted, nothing to record.
    expect(await history()).toHaveLength(before);
  });

  it('deploy:rollback --to returns both parts to any published release (C was never deployed successfully)', async () => {
    expect(await rollback(RELEASE_C.slice(0, 9))).toEqual({ success: true });
    expect(await serving()).toEqual({ api: RELEASE_C, web: RELEASE_C });
  });

  it('after a run killed mid-way (the API on D, the web not, no finished record) deploy:rollback restores one consistent release', async () => {
    // What a killed deploy:release of D leaves: its started record, and the API already on D.
    expect(await runRolloverExecutor({ environment: 'staging', release: RELEASE_D, healthTimeout: '5m' }, { root: '/nonexistent' }, 'deploy', runtime())).toEqual({ success: true });
    await new HistoryLog(bucket().store, bucket().layout).started({
      schema: 1, attempt: 'staging-killed00', kind: 'release', environment: 'staging', release: RELEASE_D, who: 'ci', where: 'job 7',
      startedAt: new Date(h.clock.now() + 1000).toISOString(),
    });
    expect(await serving()).toEqual({ api: RELEASE_D, web: RELEASE_C });
    const logger = new MemoryLogger();
    expect(await rollback(undefined, logger)).toEqual({ success: true });
    expect(logger.text).toMatch(new RegExp(`release +${RELEASE_C}`));
    expect(await serving()).toEqual({ api: RELEASE_C, web: RELEASE_C });
  });

  it('deploy:history prints every attempt newest first, as a table or JSON', async () => {
    const lines: string[] = [];
    expect(await runHistory({ environment: 'staging' }, { env, logger: new MemoryLogger(), bucket: bucket(), out: (t) => lines.push(t) })).toEqual({ success: true });
    const table = lines.join('\n').split('\n');
    expect(table[0]).toMatch(/^STARTED \(UTC\)\s+KIND\s+RELEASE\s+TAG\s+WHO\s+DURATION\s+OUTCOME\s+STEPS \/ ERROR$/);
    const rows = table.slice(1).map((row) => row.split(/\s{2,}/));
    expect(rows.map((r) => `${r[1]} ${r[2]} ${r.find((c) => /^(succeeded|failed|unfinished|interrupted)$/.test(c))}`)).toEqual([
      `rollback ${RELEASE_C.slice(0, 12)} succeeded`,
      `release ${RELEASE_D.slice(0, 12)} unfinished`,
      `api ${RELEASE_D.slice(0, 12)} succeeded`,
      `rollback ${RELEASE_C.slice(0, 12)} succeeded`,
      `rollback ${RELEASE_A.slice(0, 12)} succeeded`,
      `release ${RELEASE_C.slice(0, 12)} failed`,
      `release ${RELEASE_C.slice(0, 12)} failed`,
      `release ${RELEASE_B.slice(0, 12)} succeeded`,
      `release ${RELEASE_A.slice(0, 12)} succeeded`,
    ]);
    expect(table.join('\n')).toContain('release-bot');
    expect(table.join('\n')).toMatch(/verify \d+ ms, api [\d.]+ (s|min)/);

    const json: string[] = [];
    await runHistory({ environment: 'staging', json: true, limit: 2 }, { env, logger: new MemoryLogger(), bucket: bucket(), out: (t) => json.push(t) });
    const parsed = JSON.parse(json[0]) as HistoryEntry[];
    expect(parsed.map((e) => [e.kind, e.release, e.outcome ?? 'unfinished'])).toEqual([
      ['rollback', RELEASE_C, 'succeeded'],
      ['release', RELEASE_D, 'unfinished'],
    ]);
    expect(parsed[0]).toEqual(expect.objectContaining({ who: 'release-bot', startedAt: expect.any(String), finishedAt: expect.any(String), steps: expect.any(Array) }));
  });

  it('the bucket lifecycle tags never let a deployed or previous release expire', async () => {
    const tags = async (sha: string) => (await bucket().store.getTags(bucket().layout.archive('api', sha)))['eapd-retention'];
    // Serving C; the previous success other than C is D's API-only deploy; A and B fell out: expirable.
    expect(await tags(RELEASE_C)).toBe('kept');
    expect(await tags(RELEASE_D)).toBe('kept');
    expect(await tags(RELEASE_A)).toBe('expirable');
    expect(await tags(RELEASE_B)).toBe('expirable');
    expect((await bucket().store.getTags(bucket().layout.manifest(RELEASE_C)))['eapd-retention']).toBe('kept');
  });
});
