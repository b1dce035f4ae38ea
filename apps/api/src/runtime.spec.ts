import { loadApiRuntimeConfig } from '@eapd/config';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buildFileStore } from './runtime';
import { startLocalS3, type LocalS3 } from './testing/s3-server';

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

describe('buildFileStore: the file store the environment asks for, read once by @eapd/config', () => {
  let s3: LocalS3;
  const saved = { ...process.env };
  beforeAll(async () => {
    s3 = await startLocalS3();
    // The SDK's default credential chain reads these; s3rver accepts its own pair.
    process.env['AWS_ACCESS_KEY_ID'] = 'S3RVER';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'S3RVER';
  });
  afterAll(async () => {
    process.env = saved;
    await s3.close();
  });

  it('FILES_S3_BUCKET + AWS_ENDPOINT_URL_S3 + AWS_S3_FORCE_PATH_STYLE reach the S3 store through the config', async () => {
    const config = loadApiRuntimeConfig({
      NODE_ENV: 'test',
      FILES_S3_BUCKET: s3.settings.bucket,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9', // the service-specific variable wins
      AWS_ENDPOINT_URL_S3: s3.settings.endpoint,
      AWS_S3_FORCE_PATH_STYLE: 'true',
    });
    const store = buildFileStore(config);
    await store.put('apds/a/b', Readable.from([Buffer.from('stored in s3rver')]), 'text/plain');
    expect(await text(await store.get('apds/a/b'))).toBe('stored in s3rver');
  });

  it('stores on local disk in FILES_DIR without a bucket', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eapd-runtime-files-'));
    try {
      const store = buildFileStore(loadApiRuntimeConfig({ NODE_ENV: 'test', FILES_DIR: dir }));
      await store.put('apds/a/c', Readable.from([Buffer.from('on disk')]), 'text/plain');
      expect(await readFile(join(dir, 'apds/a/c'), 'utf8')).toBe('on disk');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
