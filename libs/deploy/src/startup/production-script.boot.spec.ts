import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { readArtifactInfo, type ArtifactInfo } from '../artifact/artifact-info';
import { readGitCommit } from '../artifact/git-commit';
import { cleanUpPm2, pm2Processes, runBash, serveFile, startPostgres, freePort, type ScriptRun } from '../../testing/boot/production-boot-helpers';
import { startNodeDistMirror } from '../../testing/boot/node-dist-mirror';
import { readNvmrcVersion, renderProductionStartupScript } from './production-script';
import { NASTY_SECRET, testDeployConfig } from './production-script.fixtures';

/**
 * Runs the production startup script for real, as root: artifact from a local HTTP server,
 * a real PostgreSQL, PM2 and the API under a temporary root. Set BOOT_TEST_ARTIFACT=<zip> to
 * test a zip built earlier (its api-<sha>.json beside it); otherwise `nx run api:artifact`.
 */
const WORKSPACE = resolve(__dirname, '../../../..');
const SECRET = `${NASTY_SECRET} padded to the production minimum length: 0123456789abcdef`;

let root: string;
let artifact: ArtifactInfo;
let server: Awaited<ReturnType<typeof serveFile>>;
let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
let apiPort: number;
let nodeDist: Awaited<ReturnType<typeof startNodeDistMirror>>;
const serviceName = `pm2-eapd-boot-${process.pid}`;

async function run(gitSha: string, sha256 = artifact.sha256, label = 'run'): Promise<ScriptRun> {
  const config = testDeployConfig({ DATABASE_URL: postgres?.url ?? '', FILES_S3_BUCKET: '', SESSION_SECRET: SECRET, JWT_SECRET: SECRET }, apiPort);
  const script = renderProductionStartupScript({
    config, root, artifact: { url: server.url, sha256, gitSha }, circleToken: 'boot-test-token', pm2ServiceName: serviceName, healthTimeoutSeconds: 60,
    // The release's Node (.nvmrc) from a local copy of nodejs.org/dist, installed under the boot root.
    nodeDistUrl: nodeDist.url, nodePrefix: join(root, 'node'),
  });
  const file = join(root, `startup-${gitSha}.sh`);
  writeFileSync(file, script, { mode: 0o700 });
  const result = await runBash(file);
  // A CI reader gets the timing of every boot, and the whole log only when a boot failed unexpectedly.
  if (result.status === 0) process.stdout.write(`production boot (${label}): script start → healthy in ${result.seconds.toFixed(1)} s\n`);
  else if (sha256 === artifact.sha256) process.stdout.write(`--- startup script output (${gitSha}) ---\n${result.output}\n`);
  return result;
}

async function health(): Promise<{ status: number; body: { status?: string } }> {
  const res = await fetch(`http://127.0.0.1:${apiPort}/api/health`, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: (await res.json()) as { status?: string } };
}

function buildArtifact(): Promise<ArtifactInfo> {
  if (process.env['BOOT_TEST_ARTIFACT']) return Promise.resolve(readArtifactInfo(resolve(process.env['BOOT_TEST_ARTIFACT'])));
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npx', ['nx', 'run', 'api:artifact'], {
      cwd: WORKSPACE, env: { ...process.env, NX_DAEMON: 'false' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60_000,
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`nx run api:artifact failed (${code}):\n${output}`));
      resolvePromise(readArtifactInfo(join(WORKSPACE, 'dist/artifacts', `api-${readGitCommit(WORKSPACE).sha}.zip`)));
    });
  });
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('The boot test runs the startup script as root: run it as root (sudo npx jest -c libs/deploy/jest.boot.config.cts).');
  root = mkdtempSync('/tmp/eapd-boot-');
  chmodSync(root, 0o755); // embedded PostgreSQL runs as the postgres user and needs to reach its data dir
  artifact = await buildArtifact();
  server = await serveFile(artifact.path);
  nodeDist = await startNodeDistMirror(readNvmrcVersion());
  postgres = process.env['DATABASE_URL'] ? { url: process.env['DATABASE_URL'], stop: async () => undefined } : await startPostgres(join(root, 'postgres'));
  apiPort = await freePort();
}, 15 * 60_000);

afterAll(async () => {
  if (root) cleanUpPm2(root, serviceName);
  await postgres?.stop();
  await server?.close();
  await nodeDist?.close();
  if (root) rmSync(root, { recursive: true, force: true });
}, 2 * 60_000);

describe('production startup script, booted for real', () => {
  let firstPid: number;
  let secondPid: number;

  it('brings the API up healthy from the zip, after running the migrations', async () => {
    const result = await run(artifact.gitSha, artifact.sha256, `first boot, artifact ${(artifact.size / 1e6).toFixed(1)} MB`);
    expect(result.status).toBe(0);
    expect(await health()).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok' }) });

    const shipped = readdirSync(join(root, 'api/current/migrations')).filter((f) => f.endsWith('.js'));
    const db = new Client({ connectionString: postgres?.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ name: string }>('select name from knex_migrations order by id');
      expect(rows.map((r) => r.name.replace(/\.[jt]s$/, '')).sort()).toEqual(shipped.map((f) => f.replace(/\.js$/, '')).sort());
    } finally {
      await db.end();
    }
    expect(result.output.indexOf('[step] Run database migrations')).toBeLessThan(result.output.indexOf('[step] Start or reload the API'));
    expect(result.output).not.toContain('boot-test-token');
    const api = pm2Processes(root).filter((p) => p.name === 'api');
    expect(api).toHaveLength(1);
    firstPid = api[0].pid;
    // The API runs on the release's Node.js (.nvmrc), whatever Node runs this test.
    const exe = realpathSync(`/proc/${firstPid}/exe`);
    expect(execFileSync(exe, ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${readNvmrcVersion()}`);
  });

  it('is idempotent: run again, one API process, on the new release', async () => {
    const second = `${artifact.gitSha}-second`;
    const result = await run(second, artifact.sha256, 'new release over a running one');
    expect(result.status).toBe(0);
    const api = pm2Processes(root).filter((p) => p.name === 'api');
    expect(api).toEqual([expect.objectContaining({ status: 'online' })]);
    secondPid = api[0].pid;
    expect(secondPid).not.toBe(firstPid);
    expect(readlinkSync(join(root, 'api/current'))).toBe(`releases/${second}`);
    // The process runs from the new release folder, not the old one.
    expect(realpathSync(`/proc/${secondPid}/cwd`)).toBe(realpathSync(join(root, 'api/releases', second)));
    expect((await health()).status).toBe(200);
  });

  it('is idempotent for the same release too: run again, still one API process, no leftovers', async () => {
    const second = `${artifact.gitSha}-second`;
    const result = await run(second, artifact.sha256, 'same release again');
    expect(result.status).toBe(0);
    const api = pm2Processes(root).filter((p) => p.name === 'api');
    expect(api).toEqual([expect.objectContaining({ status: 'online' })]);
    expect(readlinkSync(join(root, 'api/current'))).toBe(`releases/${second}`);
    expect(realpathSync(`/proc/${api[0].pid}/cwd`)).toBe(realpathSync(join(root, 'api/releases', second)));
    // No half-unpacked or swapped-out folders left behind.
    expect(readdirSync(join(root, 'api/releases')).sort()).toEqual([artifact.gitSha, second].sort());
    expect((await health()).status).toBe(200);
    secondPid = api[0].pid;
  });

  it('refuses an artifact whose SHA-256 does not match and leaves the running API alone', async () => {
    const bad = `${artifact.gitSha}-bad`;
    const result = await run(bad, 'f'.repeat(64));
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('artifact SHA-256 mismatch');
    expect(existsSync(join(root, 'api/releases', bad))).toBe(false);
    expect(readlinkSync(join(root, 'api/current'))).toBe(`releases/${artifact.gitSha}-second`);
    expect(pm2Processes(root).filter((p) => p.name === 'api').map((p) => p.pid)).toEqual([secondPid]);
    expect((await health()).status).toBe(200);
  });
});
