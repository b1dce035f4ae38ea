import { rm } from 'node:fs/promises';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { ExecutorContext } from '@nx/devkit';
import { SAMPLE_BUILD, writeBuild } from '../../../testing/build-fixture';
import { S3RVER_CREDENTIALS, startS3rver, type S3rverHarness } from '../../../testing/s3rver-harness';
import { MemoryLogger } from '../../../testing/memory-logger';
import s3SyncExecutor, { runS3Sync } from './executor';

jest.setTimeout(30_000);

let s3: S3rverHarness;
let build: string;
const saved = { ...process.env };

function stagingEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    STAGING_WEB_AWS_S3_BUCKET: 's3://site/app',
    STAGING_WEB_AWS_REGION: 'us-east-1',
    STAGING_WEB_API_URL: 'https://staging.example.gov/api',
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    ...extra,
  };
}

// A real folder: the executor keeps its hash cache under <root>/node_modules/.cache.
const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
const context = { root: workspace, projectName: 'web', cwd: workspace, isVerbose: false } as unknown as ExecutorContext;
const keys = async () => ((await s3.client.send(new ListObjectsV2Command({ Bucket: 'site' }))).Contents ?? []).map((o) => o.Key).sort();

beforeEach(async () => {
  s3 = await startS3rver();
  build = await writeBuild(SAMPLE_BUILD);
});
afterEach(async () => {
  process.env = { ...saved };
  await s3.close();
  await rm(build, { recursive: true, force: true });
});
afterAll(() => rm(workspace, { recursive: true, force: true }));

describe('s3-sync executor', () => {
  it('syncs an existing build to the environment bucket and prefix, reading only the environment', async () => {
    process.env = { ...saved, ...stagingEnv() };
    const log = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const result = await s3SyncExecutor({ environment: 'staging', skipBuild: true, source: build }, context);
      expect(result).toEqual({ success: true });
    } finally {
      log.mockRestore();
    }
    expect(await keys()).toEqual([...Object.keys(SAMPLE_BUILD), 'config.json'].map((k) => `app/${k}`).sort());
    const index = await s3.client.send(new HeadObjectCommand({ Bucket: 'site', Key: 'app/index.html' }));
    expect(index.CacheControl).toBe('no-cache');
  });

  it('builds first (through the Nx cache, the same build for every environment) and writes the environment\'s /config.json beside it', async () => {
    const env = stagingEnv({ STAGING_OKTA_DOMAIN: 'example.okta.com/', STAGING_OKTA_SERVER_ID: 'aus1', STAGING_OKTA_CLIENT_ID: 'client-1', STAGING_OKTA_API_KEY: 'okta-secret-key' });
    const webBuild = jest.fn(async () => undefined);
    const logger = new MemoryLogger();
    const result = await runS3Sync({ environment: 'staging', source: build }, context, { env, logger, build: webBuild });
    expect(result.success).toBe(true);
    expect(webBuild).toHaveBeenCalledTimes(1);
    const config = await s3.client.send(new GetObjectCommand({ Bucket: 'site', Key: 'app/config.json' }));
    expect(config.CacheControl).toBe('no-cache');
    const body = await config.Body?.transformToString();
    expect(JSON.parse(body ?? '')).toEqual({
      apiUrl: 'https://staging.example.gov/api',
      okta: { issuer: 'https://example.okta.com/oauth2/aus1', clientId: 'client-1' },
    });
    expect(body).not.toContain('okta-secret-key');
    // The build folder itself stays exactly what the build produced.
    expect(existsSync(join(build, 'config.json'))).toBe(false);
  });

  it('syncs a local build where it is: nothing is copied or written into it, and a re-deploy of it reads none of its files again', async () => {
    const before = readdirSync(build, { recursive: true }).sort();
    // The hash cache trusts a file only once it is older than its racily-clean window (2 s).
    await new Promise((r) => setTimeout(r, 2100));
    const first = new MemoryLogger();
    expect(await runS3Sync({ environment: 'staging', skipBuild: true, source: build }, context, { env: stagingEnv(), logger: first })).toEqual({ success: true });
    expect(first.text).toContain(`Hashed ${Object.keys(SAMPLE_BUILD).length + 1} file(s)`);
    const second = new MemoryLogger();
    expect(await runS3Sync({ environment: 'staging', skipBuild: true, source: build }, context, { env: stagingEnv(), logger: second })).toEqual({ success: true });
    // Only the environment's config.json (written per run, beside the build) is hashed again.
    expect(second.text).toContain(`Hashed 1 file(s)`);
    expect(second.text).toContain(`reused ${Object.keys(SAMPLE_BUILD).length} unchanged since the last run`);
    expect(second.text).toMatch(/0 uploaded .* 0 deleted, \d+ unchanged/);
    expect(readdirSync(build, { recursive: true }).sort()).toEqual(before);
  });

  it('fails with every missing variable named, before building or contacting S3', async () => {
    const logger = new MemoryLogger();
    const build = jest.fn();
    const result = await runS3Sync({ environment: 'production' }, context, { env: stagingEnv(), logger, build });
    expect(result.success).toBe(false);
    expect(logger.text).toContain('PRODUCTION_WEB_AWS_S3_BUCKET');
    expect(logger.text).toContain('PRODUCTION_WEB_AWS_REGION');
    expect(build).not.toHaveBeenCalled();
    expect(s3.events).toHaveLength(0);
  });

  it('fails on a bad option before doing anything', async () => {
    const logger = new MemoryLogger();
    const result = await runS3Sync({ environment: 'staging', keepStaleFor: 'soon', skipBuild: true }, context, { env: stagingEnv(), logger });
    expect(result.success).toBe(false);
    expect(logger.text).toMatch(/"soon" is not a duration/);
  });

  it('refuses an empty build and a missing bucket with success: false and a hint', async () => {
    const logger = new MemoryLogger();
    const missing = await runS3Sync({ environment: 'staging', skipBuild: true, source: '/nonexistent/build' }, context, { env: stagingEnv(), logger });
    expect(missing.success).toBe(false);
    expect(logger.text).toMatch(/build folder \/nonexistent\/build does not exist. Syncing it with --delete would empty s3:\/\/site\/app\//);
    const noBucket = await runS3Sync({ environment: 'staging', skipBuild: true, source: build }, context, {
      env: stagingEnv({ STAGING_WEB_AWS_S3_BUCKET: 's3://nobucket' }), logger,
    });
    expect(noBucket.success).toBe(false);
    expect(logger.text).toMatch(/Bucket s3:\/\/nobucket \(region us-east-1\) does not exist/);
  });

  it('refuses an --exclude that Nx kept for itself, naming the --ignore to use, before building or listing', async () => {
    const logger = new MemoryLogger();
    const webBuild = jest.fn(async () => undefined);
    const refused = await runS3Sync({ environment: 'staging', source: build }, context, {
      env: stagingEnv(), logger, build: webBuild, swallowedExcludes: () => ['*.map'],
    });
    expect(refused.success).toBe(false);
    expect(logger.text).toContain("Nx kept --exclude='*.map' for itself");
    expect(logger.text).toContain("--ignore='*.map'");
    expect(webBuild).not.toHaveBeenCalled();
    expect(s3.events).toHaveLength(0);
    // Given as --ignore too, the pattern did reach the sync: nothing to refuse.
    const accepted = await runS3Sync({ environment: 'staging', skipBuild: true, source: build, exclude: '*.map', dryRun: true }, context, {
      env: stagingEnv(), logger: new MemoryLogger(), swallowedExcludes: () => ['*.map'],
    });
    expect(accepted.success).toBe(true);
  });
});
