import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readGitCommit } from '../artifact/git-commit';
import { createSsmParameters } from '../aws/ssm-parameters';
import { applyParameterPlan } from '../parameters/apply-parameters';
import { planParameterChanges } from '../parameters/plan-parameters';
import { collectRelease } from '../publish/collect-release';
import { publishRelease } from '../publish/publish-release';
import { renderPreviewStartupScript } from '../startup/preview-script';
import { readNvmrcVersion } from '../startup/production-script';
import { presignReleaseDownloads } from './release-downloads';
import { startNodeDistMirror } from '../../testing/boot/node-dist-mirror';
import { PREVIEW_SECURITY_HEADERS } from '../startup/preview-script-nginx';
import { processesMatching, removeUser } from '../../testing/boot/production-boot-helpers';
import { FakeClock } from '../../testing/fake-clock';
import { startInstanceRoleWorld, type InstanceRoleWorld } from '../../testing/instance-role';
import { MemoryLogger } from '../../testing/memory-logger';
import { releasesBucketOn } from '../../testing/releases-harness';
import { startS3rver } from '../../testing/s3rver-harness';

/**
 * Boot test (npm run test:boot, as root on a disposable Debian machine): the rendered preview
 * script turns this host into a preview — nginx on 80/443, PostgreSQL, the API under PM2 on
 * 8000, all of it but nginx's master as an unprivileged user — from the release of HEAD (built
 * by Nx, published to a local S3 server, fetched by presigned URLs as from the releases
 * bucket), with its settings (the Okta API key among them) read by role from a Parameter Store
 * stand-in through an IMDSv2 stand-in. Then it checks what a reviewer sees, and boots again.
 */
const WORKSPACE = resolve(__dirname, '../../../..');
const RUN = `boot${process.pid}`;
const SITE = `eapd-preview-${RUN}`;
const DB = `eapd_preview_${RUN}`;
const PM2_APP = `eapd-preview-api-${RUN}`;
const PM2_SERVICE = `pm2-eapd-preview-${RUN}`;
const PM2_UNIT = `/etc/systemd/system/${PM2_SERVICE}.service`;
const API_USER = `eapd-pv${process.pid}`.slice(0, 31);
/** Shell-hostile, and it must arrive byte for byte in the API's environment. */
const OKTA_API_KEY = `okta-key '"$HOME\\ \`x\` \n second line ünï ${'$'}(id)`;
const SETTINGS = {
  PBKDF2_ITERATIONS: '100000',
  OKTA_DOMAIN: 'https://example.okta.com',
  OKTA_SERVER_ID: 'default',
  OKTA_CLIENT_ID: '0oa1b2c3d4',
  OKTA_API_KEY,
  OKTA_AUDIENCE: 'api://default',
};

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(url: string, options: https.RequestOptions & { body?: string } = {}): Promise<Answer> {
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolveAnswer, reject) => {
    const req = lib.request(url, { ...options, timeout: 15_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('preview startup script on this host', () => {
  let dir: string;
  let root: string;
  let cert: Buffer;
  let bootLog = '';
  let exitCode: number | null = null;
  let world: InstanceRoleWorld;
  let script: string;
  let env: Record<string, string>;

  function boot(): Promise<{ code: number | null; log: string }> {
    return new Promise((done) => {
      let log = '';
      const child = spawn('bash', [join(dir, 'user-data.sh')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (c) => (log += c));
      child.stderr.on('data', (c) => (log += c));
      // Downloads, unpacking, migrations and seeds on a busy 2-core machine: minutes, bounded.
      const timer = setTimeout(() => child.kill('SIGKILL'), 12 * 60_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        // Kept for a post-mortem when a boot fails or hangs (the boot root is deleted afterwards).
        writeFileSync(join(tmpdir(), `eapd-preview-boot-${process.pid}.log`), log);
        done({ code, log });
      });
    });
  }
  const stops: Array<() => Promise<void> | void> = [];
  const defaultSiteEnabled = existsSync('/etc/nginx/sites-enabled/default');
  const nginxWasRunning = spawnSync('pgrep', ['-x', 'nginx']).status === 0;

  beforeAll(async () => {
    expect(process.getuid?.()).toBe(0);
    dir = mkdtempSync('/tmp/eapd-preview-boot-');
    chmodSync(dir, 0o755);
    root = join(dir, 'app');
    const { sha, time } = readGitCommit(WORKSPACE);
    // What deploy:publish packs, built through Nx (and its cache) as CI's gates job does.
    execFileSync('npx', ['nx', 'run-many', '-t', 'artifact', 'build', '-p', 'api', 'web'], {
      cwd: WORKSPACE, env: { ...process.env, NX_DAEMON: 'false' }, stdio: 'inherit', timeout: 20 * 60_000,
    });
    const s3 = await startS3rver('releases');
    stops.push(s3.close);
    const bucket = releasesBucketOn(s3);
    const collected = await collectRelease(
      {
        release: sha, commitTime: time, apiZip: join(WORKSPACE, `dist/artifacts/api-${sha}.zip`), webDir: join(WORKSPACE, 'dist/apps/web'),
        seedsDir: join(WORKSPACE, 'dist/apps/api/seeds/development'), publishedBy: 'boot-test', now: new Date(),
      },
      dir,
    );
    await publishRelease(collected, { dryRun: false }, { ...bucket, logger: new MemoryLogger(), clock: new FakeClock() });
    world = await startInstanceRoleWorld({ path: '/eapd/preview', publicHostname: 'localhost' });
    const nodeDist = await startNodeDistMirror(readNvmrcVersion());
    stops.push(world.close, nodeDist.close);
    // What api:preview does before launching: write the settings that changed.
    const parameters = createSsmParameters('us-east-1', {
      AWS_ENDPOINT_URL_SSM: world.ssm.url, AWS_ACCESS_KEY_ID: world.deployer.accessKeyId, AWS_SECRET_ACCESS_KEY: world.deployer.secretAccessKey,
    });
    const plan = planParameterChanges({ path: '/eapd/preview' }, SETTINGS, await parameters.readPath('/eapd/preview'));
    await applyParameterPlan(plan, SETTINGS, { parameters, logger: new MemoryLogger() });
    script = renderPreviewStartupScript({
      commitSha: sha,
      release: await presignReleaseDownloads(bucket, collected.manifest, 3600),
      parameters: { path: '/eapd/preview', region: 'us-east-1' },
      webOkta: { issuer: 'https://example.okta.com/oauth2/default', clientId: '0oa1b2c3d4' },
      root,
      metadataUrl: world.metadata.url,
      ssmEndpointUrl: world.ssm.url,
      apiUser: API_USER,
      database: { name: DB, user: DB },
      nginxSiteName: SITE,
      pm2AppName: PM2_APP,
      pm2ServiceName: PM2_SERVICE,
      // The release's Node (.nvmrc) from a local copy of nodejs.org/dist, installed under the boot root.
      nodeDistUrl: nodeDist.url,
      nodePrefix: join(dir, 'node'),
    });
    writeFileSync(join(dir, 'user-data.sh'), script, { mode: 0o700 });
    // A clean environment like cloud-init's: none of Jest's variables (NODE_ENV=test, AWS keys) leak in.
    env = {
      PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/root',
      npm_config_prefer_offline: 'true',
    };
    const first = await boot();
    exitCode = first.code;
    bootLog = first.log;
    if (existsSync(join(root, 'tls/preview.crt'))) cert = readFileSync(join(root, 'tls/preview.crt'));
  }, 25 * 60_000);

  afterAll(async () => {
    const pm2 = join(root, 'api/node_modules/pm2/bin/pm2');
    if (existsSync(pm2)) spawnSync('runuser', ['-u', API_USER, '--', process.execPath, pm2, 'kill'], { env: { ...env, PM2_HOME: join(root, '.pm2') }, stdio: 'ignore' });
    removeUser(API_USER);
    if (existsSync(PM2_UNIT)) {
      spawnSync('systemctl', ['disable', PM2_SERVICE], { stdio: 'ignore', timeout: 30_000 });
      rmSync(PM2_UNIT, { force: true });
      spawnSync('systemctl', ['daemon-reload'], { stdio: 'ignore', timeout: 30_000 });
    }
    rmSync(`/etc/nginx/sites-enabled/${SITE}`, { force: true });
    rmSync(`/etc/nginx/sites-available/${SITE}`, { force: true });
    if (defaultSiteEnabled && !existsSync('/etc/nginx/sites-enabled/default')) {
      spawnSync('ln', ['-s', '/etc/nginx/sites-available/default', '/etc/nginx/sites-enabled/default']);
    }
    spawnSync('nginx', nginxWasRunning ? ['-s', 'reload'] : ['-s', 'stop'], { stdio: 'ignore' });
    const sql = `DROP DATABASE IF EXISTS ${DB}; DROP ROLE IF EXISTS ${DB};`;
    for (const statement of sql.split('; ')) {
      spawnSync('runuser', ['-u', 'postgres', '--', 'psql', '-c', statement.replace(/;$/, '')], { cwd: '/', stdio: 'ignore' });
    }
    for (const stop of stops) await stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('boots without a failing step', () => {
    if (exitCode !== 0) console.log(bootLog.split('\n').slice(-80).join('\n'));
    expect(bootLog).not.toMatch(/\[error\] step/);
    expect(exitCode).toBe(0);
    expect(bootLog).toContain('[done] preview of');
    expect(bootLog).toContain(`node v${readNvmrcVersion()}`);
  });

  it('registers PM2 to resurrect the API on reboot where systemd runs, and says so where it does not', () => {
    if (existsSync('/run/systemd/system')) {
      expect(readFileSync(PM2_UNIT, 'utf8')).toContain(`PM2_HOME=${join(root, '.pm2')}`);
      expect(readFileSync(PM2_UNIT, 'utf8')).toContain(`User=${API_USER}`);
    } else {
      expect(bootLog).toContain('systemd is not running here: skipping start-on-boot registration');
    }
    // What a reboot resurrects: the saved process list holds the API.
    expect(readFileSync(join(root, '.pm2/dump.pm2'), 'utf8')).toContain(PM2_APP);
  });

  it('serves the web app over HTTPS with a certificate for the public DNS name', async () => {
    const index = await request('https://localhost/', { ca: cert });
    expect(index.status).toBe(200);
    expect(index.body).toBe(readFileSync(join(root, 'web/index.html'), 'utf8'));
    const deep = await request('https://localhost/apds/123/edit', { ca: cert });
    expect(deep.body).toBe(index.body);
  });

  it('answers /api/health through nginx', async () => {
    const health = await request('https://localhost/api/health', { ca: cert });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
  });

  it('redirects plain HTTP to HTTPS', async () => {
    const answer = await request('http://localhost/some/page?x=1');
    expect(answer.status).toBe(301);
    expect(answer.headers.location).toBe('https://localhost/some/page?x=1');
  });

  it('lets the demo user log in (development seeds ran)', async () => {
    const body = JSON.stringify({ email: 'demo@example.gov', password: 'demo-password-1' });
    const login = await request('https://localhost/api/auth/login', {
      ca: cert,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      body,
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatch(/demo@example\.gov/);
  });

  it('serves the environment-neutral release with its /config.json (API at /api), never cached', async () => {
    const config = await request('https://localhost/config.json', { ca: cert });
    expect(config.status).toBe(200);
    // The public half of Okta only: the API key stays in Parameter Store and the API's env file.
    expect(JSON.parse(config.body)).toEqual({ apiUrl: '/api', okta: { issuer: 'https://example.okta.com/oauth2/default', clientId: '0oa1b2c3d4' } });
    expect(config.headers['cache-control']).toBe('no-cache');
  });

  it('keeps generated secrets out of the user data, and no token of any kind reaches the instance', () => {
    const userData = readFileSync(join(dir, 'user-data.sh'), 'utf8');
    const envFile = readFileSync(join(root, 'env/api.env'), 'utf8');
    const password = /DATABASE_URL='postgres:\/\/[^:]+:([0-9a-f]{48})@/.exec(envFile)?.[1];
    expect(password).toBeDefined();
    expect(userData).not.toContain(password);
    expect(userData).not.toMatch(/GITHUB|Authorization|Circle-Token/i);
    expect(bootLog).not.toContain('X-Amz-Signature');
  });

  it('reads the Okta API key by role from Parameter Store into a 0600 env file of the API user, byte for byte; never in the user data, log or process list', () => {
    const envFile = join(root, 'env/api.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(spawnSync('stat', ['-c', '%U', envFile], { encoding: 'utf8' }).stdout.trim()).toBe(API_USER);
    const sourced = spawnSync('bash', ['-c', `set -a; . '${envFile}'; set +a; printf '%s' "$OKTA_API_KEY"`], { encoding: 'utf8', env: { PATH: env['PATH'] } });
    expect(sourced.stdout).toBe(OKTA_API_KEY);
    const processList = spawnSync('ps', ['-eo', 'args='], { encoding: 'utf8' }).stdout;
    for (const text of [script, bootLog, processList]) expect(text).not.toContain('okta-key');
    // The deploy reads the path too (with the CI deployer's keys) to write only what changed;
    // every other read is the instance's, and it must be by its role, decrypted.
    const reads = world.ssm.callsOf('GetParametersByPath').filter((c) => c.accessKeyId !== world.deployer.accessKeyId);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.map((c) => [c.accessKeyId, c.input['WithDecryption']])).toEqual(reads.map(() => [world.role.accessKeyId, true]));
    expect(world.metadata.requests.filter((r) => r.method === 'GET').every((r) => r.token)).toBe(true);
  });

  it('runs the API and PM2 as the unprivileged user: ps shows no API process as root', () => {
    const ours = [...processesMatching(join(root, '.pm2')), ...processesMatching(join(root, 'api/main.js'))];
    expect(ours.length).toBeGreaterThanOrEqual(2);
    expect(ours.filter((p) => p.user !== API_USER)).toEqual([]);
  });

  it('sends the security headers with the web app (HSTS, nosniff, frame-ancestors, Referrer-Policy)', async () => {
    for (const path of ['/', '/index.html', '/config.json', '/apds/123/edit', '/missing.js']) {
      const answer = await request(`https://localhost${path}`, { ca: cert });
      for (const [name, value] of PREVIEW_SECURITY_HEADERS) expect({ path, [name]: answer.headers[name.toLowerCase()] }).toEqual({ path, [name]: value });
    }
  });

  it('boots again over itself: idempotent, healthy, one API process, still unprivileged', async () => {
    const again = await boot();
    if (again.code !== 0) console.log(again.log.split('\n').slice(-80).join('\n'));
    expect(again.code).toBe(0);
    const health = await request('https://localhost/api/health', { ca: readFileSync(join(root, 'tls/preview.crt')) });
    expect(health.status).toBe(200);
    const apis = processesMatching(join(root, 'api/main.js'));
    expect(apis).toHaveLength(1);
    expect(apis[0].user).toBe(API_USER);
    expect(readFileSync(join(root, 'env/api.env'), 'utf8').match(/^export OKTA_API_KEY=/gm)).toHaveLength(1);
  }, 14 * 60_000);
});
