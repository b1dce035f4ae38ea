import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import { readArtifactInfo, type ArtifactInfo } from '../artifact/artifact-info';
import { readGitCommit } from '../artifact/git-commit';
import { S3ObjectStore } from '../aws/s3-object-store';
import { createSsmParameters } from '../aws/ssm-parameters';
import { applyParameterPlan } from '../parameters/apply-parameters';
import { instanceSettings } from '../parameters/instance-settings';
import { planParameterChanges } from '../parameters/plan-parameters';
import { startInstanceRoleWorld, type InstanceRoleWorld } from '../../testing/instance-role';
import { MemoryLogger } from '../../testing/memory-logger';
import { startS3rver, type S3rverHarness } from '../../testing/s3rver-harness';
import {
  cleanUpPm2, freePort, pm2Processes, processesMatching, processUser, removeUser, runBash, startPostgres, type ScriptRun,
} from '../../testing/boot/production-boot-helpers';
import { startNodeDistMirror } from '../../testing/boot/node-dist-mirror';
import { readNvmrcVersion, renderProductionStartupScript } from './production-script';
import { NASTY_SECRET, testDeployConfig } from './production-script.fixtures';

/**
 * Runs the production startup script for real, as root: the artifact downloaded by a
 * presigned URL from a local S3 server (s3rver) as from the releases bucket, a real
 * PostgreSQL, PM2 and the API under a temporary root. The settings are where api:deploy puts
 * them, in (a stand-in of) Parameter Store, and the instance reads them with its role's
 * credentials from (a stand-in of) the metadata service, IMDSv2 only. Set
 * BOOT_TEST_ARTIFACT=<zip> to test a zip built earlier (its api-<sha>.json beside it);
 * otherwise `nx run api:artifact`.
 */
const WORKSPACE = resolve(__dirname, '../../../..');
const SECRET = `${NASTY_SECRET} padded to the production minimum length: 0123456789abcdef`;
const API_USER = `eapd-boot${process.pid}`.slice(0, 31);

let root: string;
let artifact: ArtifactInfo;
let s3: S3rverHarness;
let artifactUrl: string;
let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
let world: InstanceRoleWorld;
let apiPort: number;
let nodeDist: Awaited<ReturnType<typeof startNodeDistMirror>>;
const serviceName = `pm2-eapd-boot-${process.pid}`;
const userData: string[] = [];

const config = () => testDeployConfig({ DATABASE_URL: postgres?.url ?? '', FILES_S3_BUCKET: '', SESSION_SECRET: SECRET, JWT_SECRET: `jwt ${SECRET}` }, apiPort);

/** What api:deploy does before launching: write the instance settings that changed. */
async function writeSettings(): Promise<void> {
  const parameters = createSsmParameters('us-east-1', {
    AWS_ENDPOINT_URL_SSM: world.ssm.url, AWS_ACCESS_KEY_ID: world.deployer.accessKeyId, AWS_SECRET_ACCESS_KEY: world.deployer.secretAccessKey,
  });
  const { parameters: target, instanceEnvironment } = config();
  const desired = instanceSettings(instanceEnvironment);
  const plan = planParameterChanges(target, desired, await parameters.readPath(target.path));
  await applyParameterPlan(plan, desired, { parameters, logger: new MemoryLogger() });
}

async function run(gitSha: string, sha256 = artifact.sha256, label = 'run'): Promise<ScriptRun> {
  const script = renderProductionStartupScript({
    config: config(), root, artifact: { url: artifactUrl, sha256, gitSha }, pm2ServiceName: serviceName, healthTimeoutSeconds: 60,
    apiUser: API_USER, metadataUrl: world.metadata.url, ssmEndpointUrl: world.ssm.url,
    // The release's Node (.nvmrc) from a local copy of nodejs.org/dist, installed under the boot root.
    nodeDistUrl: nodeDist.url, nodePrefix: join(root, 'node'),
  });
  userData.push(script);
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

/** The user owning a file, by name. */
function ownerOf(path: string): string {
  return spawnSync('stat', ['-c', '%U', path], { encoding: 'utf8' }).stdout.trim();
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('The boot test runs the startup script as root: run it as root (sudo npx jest -c libs/deploy/jest.boot.config.cts).');
  root = mkdtempSync('/tmp/eapd-boot-');
  chmodSync(root, 0o755); // embedded PostgreSQL runs as the postgres user and needs to reach its data dir
  artifact = await buildArtifact();
  s3 = await startS3rver('releases');
  const store = new S3ObjectStore({ bucket: s3.bucket, region: 'us-east-1', client: s3.client });
  const key = `releases/${artifact.gitSha}/api-${artifact.gitSha}.zip`;
  await store.write({ key, body: readFileSync(artifact.path), contentType: 'application/zip' });
  artifactUrl = await store.presignGet(key, 3600);
  nodeDist = await startNodeDistMirror(readNvmrcVersion());
  postgres = process.env['DATABASE_URL'] ? { url: process.env['DATABASE_URL'], stop: async () => undefined } : await startPostgres(join(root, 'postgres'));
  apiPort = await freePort();
  world = await startInstanceRoleWorld({ path: '/eapd/staging', pageSize: 4 });
  await writeSettings();
}, 15 * 60_000);

afterAll(async () => {
  if (root) cleanUpPm2(root, serviceName, API_USER);
  removeUser(API_USER);
  await world?.close();
  await postgres?.stop();
  await s3?.close();
  await nodeDist?.close();
  if (root) rmSync(root, { recursive: true, force: true });
}, 2 * 60_000);

describe('production startup script, booted for real', () => {
  let firstPid: number;
  let secondPid: number;

  it('brings the API up healthy from the zip, with its settings read by role from Parameter Store, after the migrations', async () => {
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
    expect(result.output.indexOf('[step] Read the settings from Parameter Store')).toBeLessThan(result.output.indexOf('[step] Run database migrations'));
    expect(result.output.indexOf('[step] Run database migrations')).toBeLessThan(result.output.indexOf('[step] Start or reload the API'));
    // The presigned URL is a bearer URL while it lasts: never in the log.
    expect(result.output).not.toContain('X-Amz-Signature');
    const api = pm2Processes(root, API_USER).filter((p) => p.name === 'api');
    expect(api).toHaveLength(1);
    firstPid = api[0].pid;
    // The API runs on the release's Node.js (.nvmrc), whatever Node runs this test.
    const exe = realpathSync(`/proc/${firstPid}/exe`);
    expect(execFileSync(exe, ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${readNvmrcVersion()}`);
  });

  it('read the settings with the role (IMDSv2 token flow), decrypted, every page', () => {
    const reads = world.ssm.callsOf('GetParametersByPath').filter((c) => c.accessKeyId === world.role.accessKeyId);
    const settings = Object.keys(instanceSettings(config().instanceEnvironment)).length;
    expect(reads).toHaveLength(Math.ceil(settings / 4)); // one boot so far; the stand-in answers 4 per page
    expect(reads.every((c) => c.input['WithDecryption'] === true && c.input['Path'] === '/eapd/staging')).toBe(true);
    const gets = world.metadata.requests.filter((r) => r.method === 'GET');
    expect(gets.length).toBeGreaterThan(0);
    expect(gets.every((r) => r.token && r.status === 200)).toBe(true);
    expect(world.metadata.requests.some((r) => r.method === 'PUT' && r.path === '/latest/api/token')).toBe(true);
  });

  it('runs the API and PM2 as the unprivileged user: ps shows no API process as root', () => {
    expect(processUser(firstPid)).toBe(API_USER);
    const ours = [...processesMatching(join(root, 'pm2')), ...processesMatching(join(root, 'api/'))];
    expect(ours.length).toBeGreaterThanOrEqual(2); // the PM2 daemon and the API
    expect(ours.filter((p) => p.user !== API_USER)).toEqual([]);
    expect(userInfo().uid).toBe(0); // …while the script itself ran as root
  });

  it('keeps the settings in a 0600 env file owned by that user, and no secret in the user data, the log or the process list', () => {
    const envFile = join(root, 'api/api.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(ownerOf(envFile)).toBe(API_USER);
    expect(ownerOf(realpathSync(join(root, 'api/current')))).toBe(API_USER);
    expect(readFileSync(envFile, 'utf8')).toContain('export SESSION_SECRET=');
    const secrets = [SECRET, `jwt ${SECRET}`, postgres?.url ?? '', 'postgres:postgres@'];
    const processList = spawnSync('ps', ['-eo', 'args='], { encoding: 'utf8' }).stdout;
    const log = readFileSync(join(root, 'log/startup.log'), 'utf8');
    for (const secret of secrets) {
      for (const text of [...userData, log, processList]) expect(text).not.toContain(secret);
    }
    expect(existsSync(join(root, 'api/downloads/.circle-token-header'))).toBe(false);
  });

  it('is idempotent: run again, one API process, on the new release, still unprivileged', async () => {
    const second = `${artifact.gitSha}-second`;
    const result = await run(second, artifact.sha256, 'new release over a running one');
    expect(result.status).toBe(0);
    const api = pm2Processes(root, API_USER).filter((p) => p.name === 'api');
    expect(api).toEqual([expect.objectContaining({ status: 'online' })]);
    secondPid = api[0].pid;
    expect(secondPid).not.toBe(firstPid);
    expect(processUser(secondPid)).toBe(API_USER);
    expect(readlinkSync(join(root, 'api/current'))).toBe(`releases/${second}`);
    // The process runs from the new release folder, not the old one.
    expect(realpathSync(`/proc/${secondPid}/cwd`)).toBe(realpathSync(join(root, 'api/releases', second)));
    expect((await health()).status).toBe(200);
  });

  it('is idempotent for the same release too: run again, still one API process, no leftovers', async () => {
    const second = `${artifact.gitSha}-second`;
    const result = await run(second, artifact.sha256, 'same release again');
    expect(result.status).toBe(0);
    const api = pm2Processes(root, API_USER).filter((p) => p.name === 'api');
    expect(api).toEqual([expect.objectContaining({ status: 'online' })]);
    expect(readlinkSync(join(root, 'api/current'))).toBe(`releases/${second}`);
    expect(realpathSync(`/proc/${api[0].pid}/cwd`)).toBe(realpathSync(join(root, 'api/releases', second)));
    // No half-unpacked or swapped-out folders left behind.
    expect(readdirSync(join(root, 'api/releases')).sort()).toEqual([artifact.gitSha, second].sort());
    expect(readdirSync(join(root, 'api')).filter((f) => f.startsWith('.api.env'))).toEqual([]);
    expect((await health()).status).toBe(200);
    secondPid = api[0].pid;
  });

  it('registers the start-on-boot unit for the unprivileged user where systemd runs', () => {
    const unit = `/etc/systemd/system/${serviceName}.service`;
    if (existsSync('/run/systemd/system')) {
      expect(readFileSync(unit, 'utf8')).toContain(`User=${API_USER}`);
    } else {
      expect(existsSync(unit)).toBe(false);
    }
    // PM2's saved process list holds the API's environment: only its user may read it.
    expect(ownerOf(join(root, 'pm2'))).toBe(API_USER);
    expect(statSync(join(root, 'pm2')).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(root, 'pm2/dump.pm2'), 'utf8')).toMatch(/"name":\s*"api"/);
  });

  it('refuses an artifact whose SHA-256 does not match and leaves the running API alone', async () => {
    const bad = `${artifact.gitSha}-bad`;
    const result = await run(bad, 'f'.repeat(64));
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('artifact SHA-256 mismatch');
    expect(existsSync(join(root, 'api/releases', bad))).toBe(false);
    expect(readlinkSync(join(root, 'api/current'))).toBe(`releases/${artifact.gitSha}-second`);
    expect(pm2Processes(root, API_USER).filter((p) => p.name === 'api').map((p) => p.pid)).toEqual([secondPid]);
    expect((await health()).status).toBe(200);
  });

  it('keeps the last 3 release folders: the deployed one, the one it replaced, and the running PM2 daemon\'s', async () => {
    const third = `${artifact.gitSha}-third`;
    const fourth = `${artifact.gitSha}-fourth`;
    expect((await run(third, artifact.sha256, 'third release')).status).toBe(0);
    expect((await run(fourth, artifact.sha256, 'fourth release')).status).toBe(0);
    expect(readlinkSync(join(root, 'api/current'))).toBe(`releases/${fourth}`);
    // The PM2 daemon started with the first release runs its code from that folder (the API's
    // restarts load pm2/lib/ProcessContainerFork.js from it): it stays. The second is the oldest
    // other: gone. Removing the daemon's folder left PM2 unable to start the API at all.
    expect(readFileSync(join(root, 'pm2/daemon-release'), 'utf8').trim()).toBe(artifact.gitSha);
    expect(readdirSync(join(root, 'api/releases')).sort()).toEqual([artifact.gitSha, third, fourth].sort());
    expect(readdirSync(join(root, 'api/downloads')).sort()).toEqual([artifact.gitSha, third, fourth].map((r) => `api-${r}.zip`).sort());
    expect((await health()).status).toBe(200);
  });
});
