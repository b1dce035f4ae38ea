import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3ObjectStore } from '../src/aws/s3-object-store';
import { collectRelease } from '../src/publish/collect-release';
import { publishRelease } from '../src/publish/publish-release';
import { ReleasesLayout } from '../src/releases/layout';
import type { ReleasesBucket } from '../src/releases/releases-store';
import { FakeClock } from './fake-clock';
import { MemoryLogger } from './memory-logger';
import { writeReleaseInputs } from './release-fixture';
import type { S3rverHarness } from './s3rver-harness';

/** The releases bucket under `rel/` of an s3rver bucket (the web bucket can share it under another prefix). */
export function releasesBucketOn(s3: S3rverHarness, prefix = 'rel/'): ReleasesBucket {
  return { store: new S3ObjectStore({ bucket: s3.bucket, region: 'us-east-1', client: s3.client }), layout: new ReleasesLayout(prefix) };
}

/** Publishes a small release (sample web build, tiny API zip) the way deploy:publish does. */
export async function publishSampleRelease(
  bucket: ReleasesBucket,
  release: string,
  options: Parameters<typeof writeReleaseInputs>[1] = {},
): Promise<void> {
  const inputs = await writeReleaseInputs(release, options);
  const collected = await collectRelease(inputs, await mkdtemp(join(tmpdir(), 'release-out-')));
  await publishRelease(collected, { dryRun: false }, { ...bucket, logger: new MemoryLogger(), clock: new FakeClock() });
}
