import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3ObjectStore } from '../aws/s3-object-store';
import { ReleasesLayout } from '../releases/layout';
import { parseReleaseManifest } from '../releases/manifest';
import { SAMPLE_BUILD } from '../../testing/build-fixture';
import { FakeClock } from '../../testing/fake-clock';
import { MemoryLogger } from '../../testing/memory-logger';
import { RELEASE_A, sampleApiFiles, writeReleaseInputs } from '../../testing/release-fixture';
import { startS3rver, type S3rverHarness } from '../../testing/s3rver-harness';
import { collectRelease } from './collect-release';
import { publishRelease } from './publish-release';

jest.setTimeout(60_000);

describe('deploy:publish against s3rver', () => {
  let s3: S3rverHarness;
  let work: string;
  const layout = new ReleasesLayout('eapd/');
  beforeAll(async () => {
    s3 = await startS3rver('releases');
    work = await mkdtemp(join(tmpdir(), 'publish-'));
  });
  afterAll(async () => {
    await s3.close();
    await rm(work, { recursive: true, force: true });
  });

  const deps = (logger = new MemoryLogger()) => ({
    store: new S3ObjectStore({ bucket: s3.bucket, region: 'us-east-1', client: s3.client }),
    layout,
    logger,
    clock: new FakeClock(),
  });
  const collect = async (inputs: Awaited<ReturnType<typeof writeReleaseInputs>>) => collectRelease(inputs, await mkdtemp(join(work, 'out-')));
  const writes = () => s3.completed().filter((e) => ['PUT', 'POST', 'DELETE'].includes(e.method));

  it('uploads the three archives, then the manifest, each file hashed', async () => {
    const collected = await collect(await writeReleaseInputs(RELEASE_A));
    const result = await publishRelease(collected, { dryRun: false }, deps());
    expect(result.published).toBe(true);
    const keys = writes().filter((e) => e.method === 'PUT' && e.query.indexOf('tagging') < 0).map((e) => e.key);
    expect(keys).toEqual([layout.archive('api', RELEASE_A), layout.archive('web', RELEASE_A), layout.archive('seeds', RELEASE_A), layout.manifest(RELEASE_A)]);
    const stored = parseReleaseManifest((await deps().store.read(layout.manifest(RELEASE_A)))!.body.toString(), 'manifest');
    expect(Object.keys(stored.parts.web.files).sort()).toEqual(Object.keys(SAMPLE_BUILD).sort());
    expect(Object.keys(stored.parts.api.files)).toEqual(expect.arrayContaining(['main.js', 'manifest.json']));
    expect(Object.keys(stored.parts.seeds.files)).toEqual(['seeds/development/01-demo-data.js']);
    expect(await deps().store.getTags(layout.archive('web', RELEASE_A))).toEqual({ 'eapd-retention': 'expirable' });
  });

  it('publishing the same commit again with identical content is a no-op: not one write', async () => {
    const before = writes().length;
    const logger = new MemoryLogger();
    const result = await publishRelease(await collect(await writeReleaseInputs(RELEASE_A, { who: 'someone-else' })), { dryRun: false }, deps(logger));
    expect(result).toMatchObject({ published: false, plan: { state: 'published', steps: [] } });
    expect(logger.text).toContain('already published with identical content: nothing to do');
    expect(writes().length).toBe(before);
  });

  it('publishing the same commit with different content is refused, naming every differing file, and writes nothing', async () => {
    const before = writes().length;
    const inputs = await writeReleaseInputs(RELEASE_A, {
      web: { ...SAMPLE_BUILD, 'main.1a2b3c4d5e6f7a8b.js': 'console.log("changed")', 'extra.txt': 'new' },
      api: { ...sampleApiFiles(RELEASE_A), 'main.js': 'console.log("other api")' },
    });
    const run = publishRelease(await collect(inputs), { dryRun: false }, deps());
    await expect(run).rejects.toThrow(/already published \(2026-03-02T00:00:00.000Z by test@host\) with different content/);
    await expect(run).rejects.toThrow(
      /api\/main\.js: content differs\n {2}api\/manifest\.json: content differs\n {2}web\/extra\.txt: only in the new build\n {2}web\/main\.1a2b3c4d5e6f7a8b\.js: content differs/,
    );
    expect(writes().length).toBe(before);
  });

  it('two runs publishing the same new release at once both succeed, and exactly one writes the manifest', async () => {
    const release = 'd4'.repeat(20);
    const [a, b] = await Promise.all([collect(await writeReleaseInputs(release)), collect(await writeReleaseInputs(release))]);
    const results = await Promise.all([publishRelease(a, { dryRun: false }, deps()), publishRelease(b, { dryRun: false }, deps())]);
    expect(results.map((r) => r.published).sort()).toEqual([false, true]);
    // Content writes only: the winner then tags the manifest for the bucket's lifecycle rule (?tagging).
    const manifestWrites = writes().filter((e) => e.key === layout.manifest(release) && e.status === 200 && !e.query.includes('tagging'));
    expect(manifestWrites).toHaveLength(1);
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    const before = writes().length;
    const logger = new MemoryLogger();
    await publishRelease(await collect(await writeReleaseInputs('e5'.repeat(20))), { dryRun: true }, deps(logger));
    expect(logger.text).toContain('Plan: Publish release → s3://releases/eapd/releases/' + 'e5'.repeat(20));
    expect(logger.text).toContain('Write manifest.json (last');
    expect(logger.text).toContain('Dry run: nothing was changed.');
    expect(writes().length).toBe(before);
  });
});
