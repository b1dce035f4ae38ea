import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../aws/s3-object-store';
import { FakeClock } from '../../testing/fake-clock';
import { MemoryLogger } from '../../testing/memory-logger';
import { syncFrontend } from './sync-frontend';
import { SAMPLE_BUILD, writeBuild } from '../../testing/build-fixture';
import { startS3rver, type S3rverHarness } from '../../testing/s3rver-harness';

jest.setTimeout(30_000);

describe('--keep-stale-for against s3rver', () => {
  let s3: S3rverHarness;
  let build: string;
  beforeAll(async () => {
    s3 = await startS3rver();
    build = await writeBuild(SAMPLE_BUILD);
  });
  afterAll(async () => {
    await s3.close();
    await rm(build, { recursive: true, force: true });
  });

  it('keeps a stale asset for the grace period counted from when it left the build, then deletes it', async () => {
    const store = new S3ObjectStore({ bucket: s3.bucket, region: 'us-east-1', client: s3.client });
    const clock = new FakeClock();
    const run = () =>
      syncFrontend(
        { source: build, prefix: '', dryRun: false, deleteStale: true, exclude: [], concurrency: 4, keepStaleFor: { text: '1h', ms: 3_600_000 } },
        { store, logger: new MemoryLogger(), clock },
      );
    const keys = async () => ((await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((o) => o.Key);
    await run();
    await rm(join(build, 'styles.9f8e7d6c5b4a3f2e.css'));

    const first = await run();
    expect(first.plan.steps.map((s) => s.action)).toEqual(['mark-stale']);
    expect(await keys()).toContain('styles.9f8e7d6c5b4a3f2e.css');
    const head = await store.head('styles.9f8e7d6c5b4a3f2e.css');
    expect(head?.metadata['stale-since']).toBe(new Date(clock.now()).toISOString());
    expect(head?.cacheControl).toBe('public, max-age=31536000, immutable');

    clock.advance(30 * 60_000);
    const second = await run();
    expect(second).toMatchObject({ deleted: 0, keptStale: 1 });
    expect(second.plan.steps).toEqual([]);

    clock.advance(31 * 60_000);
    const third = await run();
    expect(third).toMatchObject({ deleted: 1, keptStale: 0 });
    expect(await keys()).not.toContain('styles.9f8e7d6c5b4a3f2e.css');
  });
});
