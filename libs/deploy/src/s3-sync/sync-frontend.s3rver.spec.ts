import { rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../aws/s3-object-store';
import { DeployError } from '../log/errors';
import type { ObjectStore } from '../ports/object-store';
import { FakeClock } from '../../testing/fake-clock';
import { MemoryLogger } from '../../testing/memory-logger';
import { syncFrontend, type FrontendSyncOptions } from './sync-frontend';
import { SAMPLE_BUILD, writeBuild } from '../../testing/build-fixture';
import { startS3rver, type S3rverHarness } from '../../testing/s3rver-harness';

jest.setTimeout(30_000);

let s3: S3rverHarness;
let store: S3ObjectStore;
let build: string;

beforeEach(async () => {
  s3 = await startS3rver();
  store = new S3ObjectStore({ bucket: s3.bucket, region: 'us-east-1', client: s3.client });
  build = await writeBuild(SAMPLE_BUILD);
});
afterEach(async () => {
  await s3.close();
  await rm(build, { recursive: true, force: true });
});

function options(overrides: Partial<FrontendSyncOptions> = {}): FrontendSyncOptions {
  return { source: build, prefix: '', dryRun: false, deleteStale: true, exclude: [], concurrency: 4, ...overrides };
}

async function sync(overrides: Partial<FrontendSyncOptions> = {}, deps: { store?: ObjectStore; clock?: FakeClock } = {}) {
  const logger = new MemoryLogger();
  const result = await syncFrontend(options(overrides), { store: deps.store ?? store, logger, clock: deps.clock ?? new FakeClock() });
  return { result, logger };
}

async function remoteKeys(): Promise<string[]> {
  const r = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
  return (r.Contents ?? []).map((o) => o.Key ?? '').sort();
}

const mutations = () => s3.events.filter((e) => e.phase === 'start' && ['PUT', 'POST', 'DELETE'].includes(e.method)).length;

describe('syncFrontend against s3rver', () => {
  it('uploads every file on the first sync with the right headers and MD5 metadata', async () => {
    const { result, logger } = await sync();
    expect(result.uploaded).toBe(Object.keys(SAMPLE_BUILD).length);
    expect(await remoteKeys()).toEqual(Object.keys(SAMPLE_BUILD).sort());
    const head = async (key: string) => s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
    const js = await head('main.1a2b3c4d5e6f7a8b.js');
    expect(js.ContentType).toBe('text/javascript; charset=utf-8');
    expect(js.CacheControl).toBe('public, max-age=31536000, immutable');
    expect(js.Metadata?.['content-md5-hex']).toMatch(/^[0-9a-f]{32}$/);
    const html = await head('index.html');
    expect(html.ContentType).toBe('text/html; charset=utf-8');
    expect(html.CacheControl).toBe('no-cache');
    expect((await head('favicon.ico')).CacheControl).toBe('no-cache');
    expect((await head('assets/logo.0a1b2c3d.svg')).CacheControl).toBe('public, max-age=31536000, immutable');
    expect(logger.text).toMatch(/Synced s3:\/\/site\/: 7 uploaded \(.+\), 0 deleted, 0 unchanged in /);
  });

  it('uploads nothing on a re-sync without changes: its only request is one listing', async () => {
    await sync();
    const from = s3.events.length;
    const { result } = await sync();
    const requests = s3.events.slice(from).filter((e) => e.phase === 'start');
    expect(requests.map((e) => `${e.method} ${e.path}${e.query}`)).toEqual(['GET site/?list-type=2&max-keys=1000']);
    expect(result).toMatchObject({ uploaded: 0, deleted: 0, unchanged: 7 });
  });

  it('uploads exactly the one changed file, even when its size is unchanged', async () => {
    await sync();
    await writeFile(join(build, 'favicon.ico'), 'ICO');
    const before = s3.completed('PUT').length;
    const { result } = await sync();
    const newPuts = s3.completed('PUT').slice(before);
    expect(newPuts.map((e) => e.key)).toEqual(['favicon.ico']);
    expect(result.uploaded).toBe(1);
  });

  it('deletes a key whose file left the build, and leaves excluded keys alone', async () => {
    await sync();
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'uploads/keep-me.pdf', Body: 'x' }));
    await rm(join(build, 'styles.9f8e7d6c5b4a3f2e.css'));
    await writeFile(join(build, 'local-only.map'), '{}');
    const { result } = await sync({ exclude: ['uploads/**', '*.map'] });
    const keys = await remoteKeys();
    expect(keys).not.toContain('styles.9f8e7d6c5b4a3f2e.css');
    expect(keys).toContain('uploads/keep-me.pdf');
    expect(keys).not.toContain('local-only.map');
    // The .map uploaded by the first sync is excluded now: neither re-uploaded nor deleted.
    expect(keys).toContain('main.1a2b3c4d5e6f7a8b.js.map');
    expect(result).toMatchObject({ uploaded: 0, deleted: 1 });
  });

  it('changes nothing on a dry run, and prints the plan', async () => {
    await sync();
    await writeFile(join(build, 'favicon.ico'), 'new icon');
    await rm(join(build, 'about/index.html'));
    const before = mutations();
    const { result, logger } = await sync({ dryRun: true });
    expect(mutations()).toBe(before);
    expect(await remoteKeys()).toContain('about/index.html');
    expect(logger.text).toContain('Plan: Frontend sync → s3://site/');
    expect(logger.text).toContain('~ favicon.ico');
    expect(logger.text).toContain('Delete 1 stale key');
    expect(logger.text).toContain('Dry run: nothing was changed.');
    expect(result.uploaded).toBe(0);
  });

  it.each([
    ['a missing build folder', async () => join(tmpdir(), 'no-such-build-folder'), /does not exist/],
    ['an empty build folder', async () => mkdtemp(join(tmpdir(), 'empty-build-')), /is empty/],
    ['a build without index.html', async () => writeBuild({ 'main.1a2b3c4d.js': 'x' }), /has no index.html/],
  ])('refuses %s without touching the bucket', async (_name, makeSource, message) => {
    await sync();
    const before = s3.events.length;
    const source = await makeSource();
    await expect(sync({ source })).rejects.toThrow(message);
    expect(s3.events.length).toBe(before);
    expect(await remoteKeys()).toHaveLength(7);
  });

  it('refuses a bucket that does not exist, naming it', async () => {
    const missing = new S3ObjectStore({ bucket: 'no-such-bucket', region: 'us-east-1', client: s3.client });
    await expect(sync({}, { store: missing })).rejects.toThrow(/Bucket s3:\/\/no-such-bucket \(region us-east-1\) does not exist/);
  });

  it('refuses an unreachable endpoint, naming the bucket', async () => {
    const closed = new S3ObjectStore({
      bucket: 'site', region: 'us-east-1', env: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9' }, forcePathStyle: true,
    });
    await expect(sync({}, { store: closed })).rejects.toThrow(/Bucket s3:\/\/site \(region us-east-1\) is not reachable/);
  }, 60_000);

  it('syncs under a prefix and never touches keys outside it', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'other/app.js', Body: 'x' }));
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'releases-old.txt', Body: 'x' }));
    await sync({ prefix: 'releases/' });
    const keys = await remoteKeys();
    expect(keys).toContain('other/app.js');
    expect(keys).toContain('releases-old.txt');
    expect(keys).toContain('releases/index.html');
    const { result } = await sync({ prefix: 'releases/' });
    expect(result).toMatchObject({ uploaded: 0, deleted: 0, unchanged: 7 });
  });

  it('orders the work on the server: every asset before any HTML, index.html last, deletes after all uploads', async () => {
    await sync();
    // A new release: new hashed assets, changed pages, the old assets now stale.
    await rm(join(build, 'main.1a2b3c4d5e6f7a8b.js'));
    await rm(join(build, 'styles.9f8e7d6c5b4a3f2e.css'));
    await writeBuild({
      'main.ffff0000aaaa1111.js': 'console.log("v2")',
      'styles.0000ffff1111aaaa.css': 'body{margin:1px}',
      'chunk.12ab34cd.js': 'x'.repeat(5000),
      'index.html': '<!doctype html><script src="main.ffff0000aaaa1111.js"></script>',
      'about/index.html': '<!doctype html><p>about v2</p>',
    }, build);
    const from = s3.events.length;
    await sync({ concurrency: 8 });
    const ev = s3.events.slice(from);
    const isHtml = (e: { key: string }) => e.key.endsWith('.html');
    const assetPutEnds = ev.flatMap((e, i) => (e.method === 'PUT' && e.phase === 'end' && !isHtml(e) ? [i] : []));
    const htmlPutStarts = ev.flatMap((e, i) => (e.method === 'PUT' && e.phase === 'start' && isHtml(e) ? [i] : []));
    const indexStart = ev.findIndex((e) => e.method === 'PUT' && e.phase === 'start' && e.key === 'index.html');
    const aboutEnd = ev.findIndex((e) => e.method === 'PUT' && e.phase === 'end' && e.key === 'about/index.html');
    const putEnds = ev.flatMap((e, i) => (e.method === 'PUT' && e.phase === 'end' ? [i] : []));
    const deleteStart = ev.findIndex((e) => e.method === 'POST' && e.phase === 'start' && e.query.includes('delete'));
    expect(assetPutEnds).toHaveLength(3);
    expect(htmlPutStarts).toHaveLength(2);
    expect(Math.max(...assetPutEnds)).toBeLessThan(Math.min(...htmlPutStarts));
    expect(aboutEnd).toBeLessThan(indexStart);
    expect(deleteStart).toBeGreaterThan(Math.max(...putEnds));
    expect(await remoteKeys()).not.toContain('main.1a2b3c4d5e6f7a8b.js');
  });

  it('stops before HTML when an asset fails, exits with an error, and a rerun finishes the job', async () => {
    await writeBuild({ 'main.1a2b3c4d5e6f7a8b.js': 'console.log("v2!")' }, build);
    let failOnce = true;
    const flaky: ObjectStore = Object.assign(Object.create(store) as S3ObjectStore, {
      put: async (req: Parameters<ObjectStore['put']>[0]) => {
        if (failOnce && req.key === 'main.1a2b3c4d5e6f7a8b.js') {
          failOnce = false;
          throw new Error('simulated network failure');
        }
        return store.put(req);
      },
    });
    await expect(sync({}, { store: flaky })).rejects.toThrow(DeployError);
    const afterFailure = await remoteKeys();
    expect(afterFailure.filter((k) => k.endsWith('.html'))).toEqual([]);
    expect(afterFailure).not.toContain('main.1a2b3c4d5e6f7a8b.js');
    const { result } = await sync();
    expect(await remoteKeys()).toEqual(Object.keys(SAMPLE_BUILD).sort());
    // The rerun uploads only what the failed run did not: nothing is uploaded twice.
    expect(result.uploaded).toBe(7 - afterFailure.length);
    expect(result.unchanged).toBe(afterFailure.length);
  });
});
