import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { join, resolve } from 'node:path';
import { renderPreviewStartupScript } from '../startup/preview-script';
import { readNvmrcVersion } from '../startup/production-script';
import { startNodeDistMirror } from '../../testing/boot/node-dist-mirror';
import { startMetadataStandIn, startTarballStandIn } from '../../testing/boot-stand-ins';

/**
 * Boot test (npm run test:boot, as root on a disposable Debian machine): the rendered preview
 * script turns this host into a preview — nginx on 80/443, PostgreSQL, the API under PM2 on
 * 8000 — from a tarball of HEAD served on 127.0.0.1. Then it checks what a reviewer sees.
 */
const WORKSPACE = resolve(__dirname, '../../../..');
const TOKEN = 'ghp_boot_test_token';
const RUN = `boot${process.pid}`;
const SITE = `eapd-preview-${RUN}`;
const DB = `eapd_preview_${RUN}`;
const PM2_APP = `eapd-preview-api-${RUN}`;
const PM2_SERVICE = `pm2-eapd-preview-${RUN}`;
const PM2_UNIT = `/etc/systemd/system/${PM2_SERVICE}.service`;

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
  const stops: Array<() => Promise<void> | void> = [];
  const defaultSiteEnabled = existsSync('/etc/nginx/sites-enabled/default');
  const nginxWasRunning = spawnSync('pgrep', ['-x', 'nginx']).status === 0;

  beforeAll(async () => {
    expect(process.getuid?.()).toBe(0);
    dir = mkdtempSync('/tmp/eapd-preview-boot-');
    chmodSync(dir, 0o755);
    root = join(dir, 'app');
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: WORKSPACE, encoding: 'utf8' }).trim();
    // GitHub's tarballs hold one top folder and the commit id in the pax header, like git archive.
    const tarball = execFileSync('git', ['archive', '--format=tar.gz', `--prefix=acme-eapd-${sha.slice(0, 7)}/`, sha], {
      cwd: WORKSPACE,
      maxBuffer: 512 * 1024 * 1024,
    });
    const metadata = await startMetadataStandIn('localhost');
    const nodeDist = await startNodeDistMirror(readNvmrcVersion());
    stops.push(nodeDist.close);
    const source = await startTarballStandIn(tarball, `/repos/acme/eapd/tarball/${sha}`, TOKEN);
    stops.push(metadata.close, source.close);
    const script = renderPreviewStartupScript({
      commitSha: sha,
      source: { tarballUrl: source.url, token: TOKEN },
      pbkdf2Iterations: 100_000,
      root,
      metadataUrl: metadata.url,
      database: { name: DB, user: DB },
      nginxSiteName: SITE,
      pm2AppName: PM2_APP,
      pm2ServiceName: PM2_SERVICE,
      // The release's Node (.nvmrc) from a local copy of nodejs.org/dist, installed under the boot root.
      nodeDistUrl: nodeDist.url,
      nodePrefix: join(dir, 'node'),
    });
    writeFileSync(join(dir, 'user-data.sh'), script, { mode: 0o700 });
    // A clean environment like cloud-init's: none of Jest's variables (NODE_ENV=test) leak in.
    const env = {
      PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/root',
      npm_config_prefer_offline: 'true',
    };
    exitCode = await new Promise<number | null>((done) => {
      const child = spawn('bash', [join(dir, 'user-data.sh')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (c) => (bootLog += c));
      child.stderr.on('data', (c) => (bootLog += c));
      const timer = setTimeout(() => child.kill('SIGKILL'), 7 * 60_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        done(code);
      });
    });
    if (existsSync(join(root, 'tls/preview.crt'))) cert = readFileSync(join(root, 'tls/preview.crt'));
    expect(source.requests.every((r) => r.authorized)).toBe(true);
  }, 8 * 60_000);

  afterAll(async () => {
    const pm2 = join(root, 'src/node_modules/.bin/pm2');
    if (existsSync(pm2)) spawnSync(pm2, ['kill'], { env: { ...process.env, PM2_HOME: join(root, '.pm2') }, stdio: 'ignore' });
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

  it('keeps generated secrets out of the user data and the token off the disk', () => {
    const userData = readFileSync(join(dir, 'user-data.sh'), 'utf8');
    const envFile = readFileSync(join(root, 'env/api.env'), 'utf8');
    const password = /DATABASE_URL='postgres:\/\/[^:]+:([0-9a-f]{48})@/.exec(envFile)?.[1];
    expect(password).toBeDefined();
    expect(userData).not.toContain(password);
    expect(existsSync(join(root, '.curl-auth'))).toBe(false);
    expect(bootLog).not.toContain(TOKEN);
  });
});
