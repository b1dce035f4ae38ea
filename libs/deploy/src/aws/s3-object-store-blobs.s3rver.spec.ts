import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PreconditionFailedError } from '../ports/object-store';
import { startS3rver, type S3rverHarness } from '../../testing/s3rver-harness';
import { S3ObjectStore } from './s3-object-store';

jest.setTimeout(30_000);

/** The releases bucket's calls (small objects, conditional writes, downloads, presigned URLs, tags) over S3's wire protocol. */
describe('S3ObjectStore against s3rver: releases-bucket calls', () => {
  let s3: S3rverHarness;
  let store: S3ObjectStore;
  let dir: string;
  beforeAll(async () => {
    s3 = await startS3rver('releases');
    store = new S3ObjectStore({ bucket: s3.bucket, region: 'us-east-1', client: s3.client });
    dir = await mkdtemp(join(tmpdir(), 'blobs-'));
  });
  afterAll(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes and reads a small object with its metadata and ETag', async () => {
    const { etag } = await store.write({ key: 'a/b.json', body: '{"x":1}', contentType: 'application/json', metadata: { sha256: 'abc' } });
    const read = await store.read('a/b.json');
    expect(read?.body.toString()).toBe('{"x":1}');
    expect(read?.etag).toBe(etag);
    expect(read?.metadata['sha256']).toBe('abc');
    expect(await store.read('a/missing.json')).toBeUndefined();
  });

  it('creates only when absent: exactly one of many parallel writers wins', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.write({ key: 'lock.json', body: `writer ${i}`, contentType: 'text/plain', ifNoneMatch: true })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(PreconditionFailedError);
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    expect((await store.read('lock.json'))?.body.toString()).toBe(`writer ${winner}`);
  });

  it('replaces only the version it read: a second replace of the same version loses', async () => {
    const seen = await store.read('lock.json');
    const first = await store.write({ key: 'lock.json', body: 'taken over', contentType: 'text/plain', ifMatch: seen?.etag });
    await expect(store.write({ key: 'lock.json', body: 'late', contentType: 'text/plain', ifMatch: seen?.etag })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    expect((await store.read('lock.json'))?.etag).toBe(first.etag);
  });

  it('downloads to a file and presigns a URL that plain HTTP (curl on an instance) can GET', async () => {
    const body = Buffer.alloc(300_000, 7);
    await store.write({ key: 'releases/x/api.zip', body, contentType: 'application/zip' });
    const file = join(dir, 'api.zip');
    expect(await store.download('releases/x/api.zip', file)).toEqual({ size: body.length });
    expect((await readFile(file)).equals(body)).toBe(true);
    await expect(store.download('releases/x/none.zip', join(dir, 'none'))).rejects.toThrow('s3://releases/releases/x/none.zip does not exist.');

    const url = await store.presignGet('releases/x/api.zip', 600);
    expect(url).toContain('X-Amz-Expires=600');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
  });

  it('sets and reads object tags (what the bucket lifecycle rule selects on)', async () => {
    await store.setTags('releases/x/api.zip', { 'eapd-retention': 'expirable' });
    expect(await store.getTags('releases/x/api.zip')).toEqual({ 'eapd-retention': 'expirable' });
    await store.setTags('releases/x/api.zip', {});
    expect(await store.getTags('releases/x/api.zip')).toEqual({});
  });
});
