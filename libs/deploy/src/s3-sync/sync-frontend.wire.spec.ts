import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../aws/s3-object-store';
import { AwsCallError } from '../ports/aws-call-error';
import { DeployError } from '../log/errors';
import { systemClock } from '../ports/clock';
import { startAwsWire, type AwsWire } from '../../testing/aws-wire/aws-wire-server';
import { wireEnv } from '../../testing/aws-wire/wire-adapters';
import { SAMPLE_BUILD, writeBuild } from '../../testing/build-fixture';
import { MemoryLogger } from '../../testing/memory-logger';
import { syncFrontend } from './sync-frontend';

/**
 * The frontend sync through the real S3 client (AWS_ENDPOINT_URL) against s3rver behind the
 * fault-injecting stand-in. After EVERY S3 call the stand-in carries out, every page in the
 * bucket is checked: whatever it references exists. Faults may fail the sync; they may never
 * leave a page pointing at a missing file, and a rerun always finishes the job.
 */

jest.setTimeout(120_000);

const RELEASE_2: Record<string, string> = {
  'index.html': '<!doctype html><link href="styles.0000ffff1111aaaa.css"><script src="main.ffff0000aaaa1111.js"></script>',
  'about/index.html': '<!doctype html><p>about v2</p><img src="assets/logo.0a1b2c3d.svg">',
  'main.ffff0000aaaa1111.js': 'console.log("v2")',
  'styles.0000ffff1111aaaa.css': 'body{margin:1px}',
  'chunk.12ab34cd.js': 'x'.repeat(5000),
};
const GONE_IN_RELEASE_2 = ['main.1a2b3c4d5e6f7a8b.js', 'styles.9f8e7d6c5b4a3f2e.css', 'main.1a2b3c4d5e6f7a8b.js.map'];

let wire: AwsWire;
let build: string;
let violations: string[];
let checks: number;

beforeEach(async () => {
  wire = await startAwsWire({ buckets: ['site'] });
  build = await writeBuild(SAMPLE_BUILD);
  violations = [];
  checks = 0;
  wire.afterS3Call = async () => {
    checks++;
    violations.push(...(await brokenReferences()));
  };
  await sync();
  await Promise.all(GONE_IN_RELEASE_2.map((f) => rm(join(build, f))));
  await writeBuild(RELEASE_2, build);
});
afterEach(async () => {
  await wire.close();
  await rm(build, { recursive: true, force: true });
});

const direct = () => wire.s3!.client;

async function keys(): Promise<string[]> {
  const r = await direct().send(new ListObjectsV2Command({ Bucket: 'site' }));
  return (r.Contents ?? []).map((o) => o.Key ?? '').sort();
}

async function body(key: string): Promise<string> {
  return (await direct().send(new GetObjectCommand({ Bucket: 'site', Key: key }))).Body!.transformToString();
}

/** Pages in the bucket whose src/href names a key that is not in the bucket. */
async function brokenReferences(): Promise<string[]> {
  const present = new Set(await keys());
  const broken: string[] = [];
  for (const page of [...present].filter((k) => k.endsWith('.html'))) {
    const dir = page.includes('/') ? page.slice(0, page.lastIndexOf('/') + 1) : '';
    for (const [, ref] of (await body(page)).matchAll(/(?:src|href)="([^"]+)"/g)) {
      const key = ref.startsWith('/') ? ref.slice(1) : dir && !ref.startsWith('assets/') ? `${dir}${ref}` : ref;
      if (!present.has(key)) broken.push(`${page} references missing ${key}`);
    }
  }
  return broken;
}

/** Three attempts by default instead of six: the same retry strategy, a shorter wait where a fault lasts. */
function sync(maxAttempts = 3) {
  const store = new S3ObjectStore({ bucket: 'site', region: 'us-east-1', env: wireEnv(wire.url), maxAttempts });
  return syncFrontend(
    { source: build, prefix: '', dryRun: false, deleteStale: true, exclude: [], concurrency: 4 },
    { store, logger: new MemoryLogger(), clock: systemClock },
  );
}

async function expectRelease2Complete() {
  wire.faults.clear();
  await sync();
  expect(await body('index.html')).toBe(RELEASE_2['index.html']);
  const now = await keys();
  for (const gone of GONE_IN_RELEASE_2) expect(now).not.toContain(gone);
  for (const added of Object.keys(RELEASE_2)) expect(now).toContain(added);
  expect(violations).toEqual([]);
}

describe('frontend sync under S3 faults (real SDK, s3rver behind the stand-in)', () => {
  it('the consistency check catches an index.html that names a missing file (so it can fail)', async () => {
    await direct().send(new PutObjectCommand({ Bucket: 'site', Key: 'index.html', Body: RELEASE_2['index.html'] }));
    expect(await brokenReferences()).toEqual(['index.html references missing styles.0000ffff1111aaaa.css', 'index.html references missing main.ffff0000aaaa1111.js']);
  });

  it('a new asset whose PUT keeps failing: no page is touched, nothing deleted, the error names the call; the rerun finishes', async () => {
    wire.faults.add({ service: 'S3', operation: 'PutObject', resource: 'main.ffff0000aaaa1111.js', fault: { kind: 'error', status: 500 } });
    const err = await sync().catch((e) => e);
    expect(err).toBeInstanceOf(DeployError);
    expect(err.cause).toBeInstanceOf(AwsCallError);
    expect(err.message).toMatch(/main\.ffff0000aaaa1111\.js: S3 PutObject \(s3:\/\/site\/main\.ffff0000aaaa1111\.js\) failed after \d+ attempts: 500 InternalError/);
    expect(await body('index.html')).toBe(SAMPLE_BUILD['index.html']);
    expect(wire.faults.callsOf('DeleteObjects')).toEqual([]);
    expect(violations).toEqual([]);
    await expectRelease2Complete();
  });

  it('index.html throttled for good (503 SlowDown): the new assets are up, the old page and its files stay', async () => {
    wire.faults.add({ service: 'S3', operation: 'PutObject', resource: 'index.html', fault: { kind: 'throttle' } });
    await expect(sync()).rejects.toThrow(/index\.html: S3 PutObject \(s3:\/\/site\/index\.html\) failed after \d+ attempts: 503 SlowDown: Please reduce your request rate\./);
    expect(await body('index.html')).toBe(SAMPLE_BUILD['index.html']);
    expect(await keys()).toEqual(expect.arrayContaining([...GONE_IN_RELEASE_2, 'main.ffff0000aaaa1111.js']));
    expect(violations).toEqual([]);
    await expectRelease2Complete();
  });

  it('DeleteObjects failing: the new release is live, the stale files wait for the rerun', async () => {
    wire.faults.add({ service: 'S3', operation: 'DeleteObjects', fault: { kind: 'error', status: 500 } });
    await expect(sync()).rejects.toThrow(/S3 DeleteObjects \(s3:\/\/site, 3 key\(s\)\) failed after \d+ attempts: 500 InternalError/);
    expect(await body('index.html')).toBe(RELEASE_2['index.html']);
    expect(await keys()).toEqual(expect.arrayContaining(GONE_IN_RELEASE_2));
    expect(violations).toEqual([]);
    await expectRelease2Complete();
  });

  it('the listing failing: nothing is uploaded or deleted, and the error names the bucket', async () => {
    wire.faults.add({ service: 'S3', operation: 'ListObjectsV2', fault: { kind: 'error', status: 500 } });
    const before = wire.faults.calls.length;
    await expect(sync()).rejects.toThrow(/Bucket s3:\/\/site \(region us-east-1\) answered 500 InternalError/);
    expect(wire.faults.calls.slice(before).filter((c) => ['PutObject', 'DeleteObjects', 'CopyObject'].includes(c.operation))).toEqual([]);
    expect(await body('index.html')).toBe(SAMPLE_BUILD['index.html']);
    await expectRelease2Complete();
  });

  it('lost answers and connection resets on uploads and the delete are retried; every step stays consistent', async () => {
    wire.faults.add({ service: 'S3', operation: 'PutObject', fault: { kind: 'lost-response' }, times: 2 });
    wire.faults.add({ service: 'S3', operation: 'PutObject', resource: 'index.html', fault: { kind: 'reset' }, times: 1 });
    wire.faults.add({ service: 'S3', operation: 'DeleteObjects', fault: { kind: 'lost-response' }, times: 1 });
    await sync();
    expect(wire.faults.calls.filter((c) => c.fault === 'lost-response')).toHaveLength(3);
    expect(wire.faults.calls.filter((c) => c.fault === 'reset')).toHaveLength(1);
    expect(await body('index.html')).toBe(RELEASE_2['index.html']);
    expect(violations).toEqual([]);
    expect(checks).toBeGreaterThan(8);
  });

  it('an 80 % SlowDown storm on every S3 call: consistent at every step, and a rerun finishes the job', async () => {
    wire.faults.clear(11);
    wire.faults.add({ service: 'S3', fault: { kind: 'throttle' }, probability: 0.8 });
    await sync(6).catch((e) => expect(e).toBeInstanceOf(DeployError));
    expect(wire.faults.calls.filter((c) => c.fault === 'throttle').length).toBeGreaterThan(5);
    expect(violations).toEqual([]);
    await expectRelease2Complete();
  });
});
