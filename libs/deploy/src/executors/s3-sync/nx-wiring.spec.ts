import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_BUILD, writeBuild } from '../../../testing/build-fixture';
import { topLevelNxEnv } from '../../../testing/process/nx-process';
import { S3RVER_CREDENTIALS, startS3rver, type S3rverHarness } from '../../../testing/s3rver-harness';
import { RELEASE_A } from '../../../testing/release-fixture';
import { publishSampleRelease, releasesBucketOn } from '../../../testing/releases-harness';

const workspaceRoot = join(__dirname, '../../../../..');

function run(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', args, { cwd: workspaceRoot, env: { ...topLevelNxEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Proves the wiring: project.json target → executors.json → executor → S3, through the real Nx CLI. */
describe('nx run web:deploy (through Nx)', () => {
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

  it('prints the staging plan on --dry-run, honours repeated --ignore (the CLI name of exclude), and changes nothing', async () => {
    const { code, output } = await run(
      ['nx', 'run', 'web:deploy', '--configuration=staging', '--skip-build', '--dry-run', `--source=${build}`, '--ignore=*.map', '--ignore=about/**'],
      nxEnv(),
    );
    expect(output).toContain('Plan: Frontend sync → s3://site/');
    expect(output).toContain('+ main.1a2b3c4d5e6f7a8b.js');
    expect(output).not.toContain('main.1a2b3c4d5e6f7a8b.js.map');
    expect(output).not.toContain('about/index.html');
    expect(output).toContain('Dry run: nothing was changed.');
    expect(code).toBe(0);
    expect(s3.events.filter((e) => ['PUT', 'POST', 'DELETE'].includes(e.method))).toEqual([]);
  }, 180_000);

  it('refuses --exclude, which Nx keeps for itself, and names the --ignore to use instead', async () => {
    const before = s3.events.length;
    const { code, output } = await run(
      ['nx', 'run', 'web:deploy', '--configuration=staging', '--skip-build', `--source=${build}`, '--exclude=*.map'],
      nxEnv(),
    );
    expect(output).toContain("Nx kept --exclude='*.map' for itself");
    expect(output).toContain("Pass the same glob(s) as --ignore='*.map'");
    expect(code).not.toBe(0);
    expect(s3.events.slice(before)).toEqual([]);
  }, 180_000);

  function nxEnv(): Record<string, string> {
    return {
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      CI: 'true',
      STAGING_WEB_AWS_S3_BUCKET: 's3://site',
      STAGING_WEB_AWS_REGION: 'us-east-1',
      STAGING_WEB_API_URL: '/api',
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    };
  }
});

/** A published release through the real Nx CLI: an unchanged release makes no PUT but the runtime config's, when it changed. */
describe('nx run web:deploy --release (through Nx)', () => {
  let s3: S3rverHarness;
  beforeAll(async () => {
    s3 = await startS3rver('site');
    await publishSampleRelease(releasesBucketOn(s3), RELEASE_A);
  });
  afterAll(() => s3.close());

  const env = (apiUrl: string): Record<string, string> => ({
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    CI: 'true',
    STAGING_WEB_AWS_S3_BUCKET: 's3://site/web',
    STAGING_WEB_AWS_REGION: 'us-east-1',
    STAGING_WEB_API_URL: apiUrl,
    RELEASES_AWS_S3_BUCKET: 's3://site/rel',
    RELEASES_AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
  });
  /** Writes to the web bucket (the releases bucket also gets the lock and the history records). */
  const webPuts = (from: number) => s3.completed().slice(from).filter((e) => e.method === 'PUT' && e.key.startsWith('web/')).map((e) => e.key);
  const deploy = (apiUrl: string) => run(['nx', 'run', 'web:deploy', '--configuration=staging', `--release=${RELEASE_A}`], env(apiUrl));

  it('first deploy uploads the build and config.json; again: 0 PUTs; with a new API URL: only config.json', async () => {
    let mark = s3.completed().length;
    const first = await deploy('/api');
    // On failure the assertion shows what Nx printed.
    expect(first.code === 0 ? 'exit 0' : first.output).toBe('exit 0');
    expect(webPuts(mark)).toContain('web/config.json');
    expect(webPuts(mark)).toContain('web/index.html');

    mark = s3.completed().length;
    const again = await deploy('/api');
    expect(again.output).toContain('0 uploaded');
    expect(again.code).toBe(0);
    expect(webPuts(mark)).toEqual([]);

    mark = s3.completed().length;
    const changed = await deploy('https://api.staging.example.gov/api');
    expect(changed.code).toBe(0);
    expect(webPuts(mark)).toEqual(['web/config.json']);
  }, 300_000);
});
