import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { HistoryLog } from '../../history/history-log';
import { SAMPLE_BUILD } from '../../../testing/build-fixture';
import { FakeClock } from '../../../testing/fake-clock';
import { MemoryLogger } from '../../../testing/memory-logger';
import { RELEASE_A, RELEASE_B } from '../../../testing/release-fixture';
import { publishSampleRelease, releasesBucketOn } from '../../../testing/releases-harness';
import { S3RVER_CREDENTIALS, startS3rver, type S3rverHarness } from '../../../testing/s3rver-harness';
import { runS3Sync } from './executor';

jest.setTimeout(60_000);

/** web:deploy --release against s3rver: the web bucket under web/, the releases bucket under rel/. */
describe('web:deploy --release', () => {
  let s3: S3rverHarness;
  // A checkout with no dist/ at all: a release deploy never builds or reads local files.
  const root = mkdtempSync(join(tmpdir(), 'checkout-without-dist-'));
  const env = () => ({
    STAGING_WEB_AWS_S3_BUCKET: 's3://site/web',
    STAGING_WEB_AWS_REGION: 'us-east-1',
    STAGING_WEB_API_URL: 'https://api.staging.example.gov/api',
    RELEASES_AWS_S3_BUCKET: 's3://site/rel',
    RELEASES_AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    CIRCLE_USERNAME: 'octo-dev',
  });
  const webWrites = (from = 0) => s3.completed().slice(from).filter((e) => ['PUT', 'POST', 'DELETE'].includes(e.method) && e.key.startsWith('web/'));
  const clock = new FakeClock();
  const deploy = (release: string, logger = new MemoryLogger()) => {
    clock.advance(60_000);
    return runS3Sync({ environment: 'staging', release }, { root }, { env: env(), logger, clock, build: () => Promise.reject(new Error('must not build')) });
  };

  beforeAll(async () => {
    s3 = await startS3rver('site');
    await publishSampleRelease(releasesBucketOn(s3), RELEASE_A);
    await publishSampleRelease(releasesBucketOn(s3), RELEASE_B, { web: { ...SAMPLE_BUILD, 'main.1a2b3c4d5e6f7a8b.js': 'console.log("b")' } });
  });
  afterAll(() => s3.close());

  it('deploys a published release in a checkout without dist/, with the environment\'s config.json, and records it', async () => {
    const logger = new MemoryLogger();
    expect(await deploy(RELEASE_A.slice(0, 10), logger)).toEqual({ success: true });
    expect(existsSync(join(root, 'dist'))).toBe(false);
    const keys = webWrites().map((e) => e.key).sort();
    expect(keys).toEqual([...Object.keys(SAMPLE_BUILD), 'config.json'].map((k) => `web/${k}`).sort());
    const config = await s3.client.send(new GetObjectCommand({ Bucket: 'site', Key: 'web/config.json' }));
    expect(JSON.parse((await config.Body?.transformToString()) ?? '')).toEqual({ apiUrl: 'https://api.staging.example.gov/api', okta: null });
    const [entry] = await new HistoryLog(releasesBucketOn(s3).store, releasesBucketOn(s3).layout).read('staging');
    expect(entry).toMatchObject({ kind: 'web', release: RELEASE_A, who: 'octo-dev', outcome: 'succeeded', serving: { web: RELEASE_A } });
    expect(entry.steps).toEqual([expect.objectContaining({ name: 'web', ok: true })]);
  });

  it('deploying the same release again uploads nothing, and reads each file once (its MD5 comes from the SHA-256 check)', async () => {
    const before = s3.completed().length;
    const logger = new MemoryLogger();
    expect(await deploy(RELEASE_A, logger)).toEqual({ success: true });
    expect(webWrites(before)).toEqual([]);
    // config.json is the only file the sync hashes itself.
    expect(logger.text).toContain(`Hashed 1 file(s)`);
    expect(logger.text).toContain(`reused ${Object.keys(SAMPLE_BUILD).length} from the release manifest`);
  });

  it('refuses a release whose web archive is not the published bytes (SHA-256), changing nothing', async () => {
    const bucket = releasesBucketOn(s3);
    const key = bucket.layout.archive('web', RELEASE_B);
    const original = (await bucket.store.read(key))!.body;
    await bucket.store.write({ key, body: Buffer.concat([original.subarray(0, original.length - 10), Buffer.alloc(10)]), contentType: 'application/zip' });
    const before = s3.completed().length;
    const logger = new MemoryLogger();
    try {
      expect(await deploy(RELEASE_B, logger)).toEqual({ success: false });
    } finally {
      await bucket.store.write({ key, body: original, contentType: 'application/zip' });
    }
    expect(logger.text).toContain(`SHA-256 mismatch: s3://site/rel/releases/${RELEASE_B}/web-${RELEASE_B}.zip is not the published web-${RELEASE_B}.zip`);
    expect(webWrites(before)).toEqual([]);
    const [entry] = await new HistoryLog(bucket.store, bucket.layout).read('staging');
    expect(entry).toMatchObject({ release: RELEASE_B, outcome: 'failed', serving: { web: RELEASE_A }, error: expect.stringContaining('SHA-256 mismatch') });
  });

  it('refuses a release a file of which does not match the manifest, naming it', async () => {
    const bucket = releasesBucketOn(s3);
    const key = bucket.layout.manifest(RELEASE_B);
    const original = (await bucket.store.read(key))!.body.toString();
    const manifest = JSON.parse(original);
    manifest.parts.web.files['index.html'] = '0'.repeat(64);
    await bucket.store.write({ key, body: JSON.stringify(manifest), contentType: 'application/json' });
    const before = s3.completed().length;
    const logger = new MemoryLogger();
    try {
      expect(await deploy(RELEASE_B, logger)).toEqual({ success: false });
    } finally {
      await bucket.store.write({ key, body: original, contentType: 'application/json' });
    }
    expect(logger.text).toContain(`The web build of release ${RELEASE_B} does not match its manifest; nothing was deployed:\n  changed: index.html`);
    expect(webWrites(before)).toEqual([]);
  });

  it('names a release that was never published, and what to do', async () => {
    const logger = new MemoryLogger();
    expect(await deploy('f'.repeat(40), logger)).toEqual({ success: false });
    expect(logger.text).toContain(`Release ${'f'.repeat(40)} is not published`);
    expect(logger.text).toContain('npx nx run deploy:publish');
  });
});
