import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, createHash } from 'node:crypto';
import {
  DeleteObjectsCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { MD5_METADATA_KEY } from '../ports/object-store';
import { startS3rver, type S3rverHarness } from '../../testing/s3rver-harness';
import { createS3Client, S3ObjectStore } from './s3-object-store';

function serviceError(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });
}

describe('S3ObjectStore (SDK mocked)', () => {
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const mock = mockClient(client);
  const store = new S3ObjectStore({ bucket: 'site', region: 'us-east-1', client });
  beforeEach(() => mock.reset());

  it('lists every page under the prefix and unquotes ETags', async () => {
    mock
      .on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({ IsTruncated: true, NextContinuationToken: 't2', Contents: [{ Key: 'web/a.js', Size: 1, ETag: '"aa"', LastModified: new Date(1000) }] })
      .on(ListObjectsV2Command, { ContinuationToken: 't2' })
      .resolves({ IsTruncated: false, Contents: [{ Key: 'web/b.js', Size: 2, ETag: '"bb-2"', LastModified: new Date(2000) }] });
    const objects = await store.list('web/');
    expect(objects).toEqual([
      { key: 'web/a.js', size: 1, etag: 'aa', lastModified: 1000 },
      { key: 'web/b.js', size: 2, etag: 'bb-2', lastModified: 2000 },
    ]);
    const calls = mock.commandCalls(ListObjectsV2Command);
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.args[0].input.Prefix === 'web/' && c.args[0].input.Bucket === 'site')).toBe(true);
  });

  it('deletes in batches of at most 1000 keys', async () => {
    mock.on(DeleteObjectsCommand).resolves({});
    const keys = Array.from({ length: 2500 }, (_, i) => `k${i}`);
    await store.deleteMany(keys);
    const sizes = mock.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects?.length);
    expect(sizes).toEqual([1000, 1000, 500]);
  });

  it('fails when any key could not be deleted, naming it', async () => {
    mock.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'k1', Code: 'AccessDenied', Message: 'denied' }] });
    await expect(store.deleteMany(['k1', 'k2'])).rejects.toThrow(/Could not delete 1 object\(s\) from s3:\/\/site:\n {2}k1: AccessDenied denied/);
  });

  it.each([
    [serviceError('NotFound', 404), /Bucket s3:\/\/site \(region us-east-1\) does not exist/],
    [serviceError('Forbidden', 403), /Access to bucket s3:\/\/site .* was denied/],
    [serviceError('PermanentRedirect', 301), /is in a different region/],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), /s3:\/\/site \(region us-east-1\) is not reachable: connect ECONNREFUSED/],
  ])('explains a failed bucket check (%s)', async (error, message) => {
    mock.on(HeadBucketCommand).rejects(error);
    await expect(store.checkBucket()).rejects.toThrow(message);
  });

  it('returns undefined when HEAD finds no object, and rethrows other failures', async () => {
    mock.on(HeadObjectCommand, { Key: 'missing' }).rejects(serviceError('NotFound', 404));
    mock.on(HeadObjectCommand, { Key: 'secret' }).rejects(serviceError('Forbidden', 403));
    await expect(store.head('missing')).resolves.toBeUndefined();
    await expect(store.head('secret')).rejects.toThrow('Forbidden');
  });
});

describe('createS3Client', () => {
  it('honours AWS_ENDPOINT_URL_S3 and AWS_S3_FORCE_PATH_STYLE', async () => {
    const client = createS3Client({
      region: 'eu-west-1', env: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4999', AWS_S3_FORCE_PATH_STYLE: 'true' },
    });
    expect(client.config.forcePathStyle).toBe(true);
    const endpoint = await client.config.endpoint?.();
    expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe('http://127.0.0.1:4999');
    expect(await client.config.region()).toBe('eu-west-1');
  });

  it('uses path style when asked by option', () => {
    expect(createS3Client({ region: 'us-east-1', env: {}, forcePathStyle: true }).config.forcePathStyle).toBe(true);
    expect(createS3Client({ region: 'us-east-1', env: {} }).config.forcePathStyle).toBeFalsy();
  });
});

describe('S3ObjectStore against s3rver', () => {
  let s3: S3rverHarness;
  let dir: string;
  beforeAll(async () => {
    s3 = await startS3rver();
    dir = await mkdtemp(join(tmpdir(), 's3-store-'));
  });
  afterAll(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads a large file in parts and stores its MD5 in metadata', async () => {
    const store = new S3ObjectStore({ bucket: s3.bucket, region: 'us-east-1', client: s3.client, multipartThreshold: 1024 * 1024, partSize: 5 * 1024 * 1024 });
    const content = randomBytes(6 * 1024 * 1024);
    const md5 = createHash('md5').update(content).digest('hex');
    const filePath = join(dir, 'big.bin');
    await writeFile(filePath, content);
    await store.put({ key: 'big.bin', filePath, size: content.length, md5, contentType: 'application/octet-stream', cacheControl: 'no-cache' });
    expect(s3.events.some((e) => e.phase === 'end' && e.query.includes('partNumber=2'))).toBe(true);
    const [listed] = await store.list('big');
    expect(listed.size).toBe(content.length);
    // (s3rver gives a multipart object its content MD5 as ETag; S3 gives "<md5 of part md5s>-<parts>",
    // which is why the MD5 is also stored in metadata; the planner's unit tests cover that ETag form.)
    const head = await store.head('big.bin');
    expect(head?.metadata[MD5_METADATA_KEY]).toBe(md5);
    expect(head?.cacheControl).toBe('no-cache');
  });

  it('lists more than one page from a real server', async () => {
    const store = new S3ObjectStore({ bucket: s3.bucket, region: 'us-east-1', client: s3.client });
    const filePath = join(dir, 'tiny.txt');
    await writeFile(filePath, 'x');
    const md5 = createHash('md5').update('x').digest('hex');
    const keys = Array.from({ length: 1005 }, (_, i) => `paged/k${String(i).padStart(4, '0')}.txt`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => store.put({ key, filePath, size: 1, md5, contentType: 'text/plain', cacheControl: 'no-cache' })));
    }
    const from = s3.events.length;
    const listed = await store.list('paged/');
    expect(listed.map((o) => o.key)).toEqual(keys);
    expect(s3.events.slice(from).filter((e) => e.phase === 'end' && e.method === 'GET')).toHaveLength(2);
  }, 60_000);

  it('rewrites metadata in place, keeping the headers passed', async () => {
    const store = new S3ObjectStore({ bucket: s3.bucket, region: 'us-east-1', client: s3.client });
    const filePath = join(dir, 'small.js');
    await writeFile(filePath, 'x');
    const md5 = createHash('md5').update('x').digest('hex');
    await store.put({ key: 'dir/small file.js', filePath, size: 1, md5, contentType: 'text/javascript; charset=utf-8', cacheControl: 'no-cache' });
    await store.updateMetadata({ key: 'dir/small file.js', contentType: 'text/javascript; charset=utf-8', cacheControl: 'no-cache', metadata: { 'stale-since': 'then' } });
    const head = await store.head('dir/small file.js');
    expect(head).toMatchObject({ etag: md5, contentType: 'text/javascript; charset=utf-8', cacheControl: 'no-cache', metadata: { 'stale-since': 'then' } });
  });
});
