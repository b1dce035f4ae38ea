import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { writeDeterministicZip } from '../artifact/deterministic-zip';
import { NASTY_SECRET, testDeployConfig } from './production-script.fixtures';
import { readNvmrcMajor, readNvmrcVersion, renderProductionStartupScript, type ProductionStartupScriptInput } from './production-script';

const SHA256 = 'a'.repeat(64);
const input = (over: Partial<ProductionStartupScriptInput> = {}): ProductionStartupScriptInput => ({
  config: testDeployConfig(), artifact: { url: 'https://circleci.example/artifacts/api.zip', sha256: SHA256, gitSha: 'abc123' },
  circleToken: `tok'en`, ...over,
});

/** These runs are about the artifact, not Node.js: the Node running this test satisfies the Node step. */
const HOST_NODE = process.versions.node;

/** Async, so this process's HTTP server keeps answering while the script runs. */
function runScript(path: string): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

function bash(script: string) {
  // stdin 'ignore': Debian's bash sources ~/.bashrc when stdin is a socket (as Node's pipes are).
  return spawnSync('bash', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

describe('renderProductionStartupScript', () => {
  it('passes shellcheck with no warnings', () => {
    const probe = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
    if (probe.error) throw new Error('shellcheck is not installed: apt-get install -y shellcheck');
    for (const circleToken of [undefined, 'token']) {
      const result = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '-'], {
        input: renderProductionStartupScript(input({ circleToken })), encoding: 'utf8',
      });
      expect(result.stdout).toBe('');
      expect(result.status).toBe(0);
    }
  });

  it('carries every secret byte for byte into the env file it writes', () => {
    const script = renderProductionStartupScript(input());
    // Run just the inputs block, write API_ENV the way the body does, then source it.
    const inputs = script.slice(0, script.indexOf('# ---- Production API start-up'));
    const dir = mkdtempSync(join(tmpdir(), 'prod-env-'));
    try {
      const file = join(dir, 'api.env');
      const result = bash(`${inputs}\nprintf '%s' "$API_ENV" > '${file}'\nset -a; . '${file}'; set +a\n` +
        `node -e 'process.stdout.write(JSON.stringify(process.env))'`);
      expect(result.status).toBe(0);
      const env = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
      expect(env.SESSION_SECRET).toBe(NASTY_SECRET);
      expect(env.JWT_SECRET).toBe(`jwt ${NASTY_SECRET}`);
      expect(env.DATABASE_URL).toBe('postgres://api:p%40ss@db.internal:5432/api');
      expect(env.NODE_ENV).toBe('production');
      expect(env).not.toHaveProperty('AWS_ACCESS_KEY_ID');
      expect(env.CIRCLE_TOKEN).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs migrations before starting the API', () => {
    const script = renderProductionStartupScript(input());
    expect(script.indexOf('node migrate.js')).toBeGreaterThan(0);
    expect(script.indexOf('node migrate.js')).toBeLessThan(script.indexOf('pm2 startOrReload'));
  });

  it('refuses inputs that cannot be right, naming each', () => {
    expect(() => renderProductionStartupScript(input({ artifact: { url: 'ftp://x', sha256: 'abc', gitSha: '../x' }, root: 'app' })))
      .toThrow(/sha256 must be 64 hex digits[\s\S]*gitSha must be[\s\S]*url must be an http[\s\S]*root must be an absolute/);
  });

  it('throws a clear error past the 16 KB user-data limit', () => {
    const config = testDeployConfig({ SESSION_SECRET: 'x'.repeat(16 * 1024) });
    expect(() => renderProductionStartupScript(input({ config }))).toThrow(/production startup script is \d+ bytes; EC2 user data is limited to 16384/);
  });

  it('never upgrades packages or installs the app from a registry on the instance (seed defects 17, 19)', () => {
    const script = renderProductionStartupScript(input());
    expect(script).not.toMatch(/\b(apt-get|apt|yum|dnf)\s+(-y\s+)?(upgrade|update|dist-upgrade)\b/);
    expect(script).not.toMatch(/\b(yarn|npm ci|npm install(?! --global --no-audit --no-fund "pm2@))/);
    expect(script).not.toMatch(/\bsed\b/);
  });

  it('installs exactly the Node.js version of .nvmrc (the one CI tests), checksummed, from a configurable mirror', () => {
    const nvmrc = readFileSync(join(__dirname, '../../../../.nvmrc'), 'utf8').trim();
    expect(readNvmrcVersion()).toBe(nvmrc);
    expect(readNvmrcMajor()).toBe(Number(nvmrc.split('.')[0]));
    const script = renderProductionStartupScript(input());
    expect(script).toContain(`NODE_VERSION='${nvmrc}'`);
    expect(script).toContain("NODE_DIST_URL='https://nodejs.org/dist'");
    expect(script).not.toContain('latest-v');
    expect(script).toMatch(/sha256sum --check/);
    const custom = renderProductionStartupScript(input({ nodeVersion: '22.1.0', nodeDistUrl: 'http://127.0.0.1:9/dist/', nodePrefix: '/opt/node' }));
    expect(custom).toContain("NODE_MAJOR='22'");
    expect(custom).toContain("NODE_DIST_URL='http://127.0.0.1:9/dist'");
    expect(custom).toContain("NODE_PREFIX='/opt/node'");
    expect(() => renderProductionStartupScript(input({ nodeVersion: '24' }))).toThrow(/nodeVersion must look like/);
    expect(() => renderProductionStartupScript(input({ nodePrefix: 'relative' }))).toThrow(/nodePrefix must be an absolute folder/);
  });
});

describe('the rendered script, run against a local artifact server', () => {
  let server: Server;
  let url: string;
  const requests: IncomingHttpHeaders[] = [];
  let root: string;
  let badMigrationZip: Buffer | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.headers);
      if (req.url === '/missing.zip') return void res.writeHead(404).end('<html>Not Found</html>');
      if (req.url === '/bad-migration.zip' && badMigrationZip) return void res.end(badMigrationZip);
      res.end('not the artifact you are looking for');
    });
    // An artifact whose migration fails: the boot must stop before PM2 starts anything (seed defect 12).
    const zipFile = join(mkdtempSync(join(tmpdir(), 'bad-zip-')), 'api.zip');
    await writeDeterministicZip([
      { path: 'migrate.js', data: Buffer.from("console.error('migration 20260101_add_column failed: relation \"users\" does not exist'); process.exit(1);\n"), executable: false },
      { path: 'main.js', data: Buffer.from("require('fs').writeFileSync(process.env.STARTED_MARK || '/dev/null', 'started');\n"), executable: false },
      { path: 'ecosystem.config.js', data: Buffer.from("module.exports = { apps: [{ name: 'api', script: 'main.js' }] };\n"), executable: false },
    ], new Date('2026-01-01T00:00:00Z'), zipFile);
    badMigrationZip = readFileSync(zipFile);
    rmSync(join(zipFile, '..'), { recursive: true, force: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api.zip`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'prod-script-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses an artifact whose SHA-256 does not match, before touching any release', async () => {
    const script = renderProductionStartupScript(input({ nodeVersion: HOST_NODE, root, circleToken: 's3cret', artifact: { url, sha256: SHA256, gitSha: 'abc123' } }));
    writeFileSync(join(root, 'startup.sh'), script);
    const result = await runScript(join(root, 'startup.sh'));
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain(`artifact SHA-256 mismatch: expected ${SHA256}`);
    expect(result.stdout).not.toContain('s3cret');
    expect(requests.at(-1)?.['circle-token']).toBe('s3cret');
    expect(existsSync(join(root, 'api/releases/abc123'))).toBe(false);
    expect(existsSync(join(root, 'api/current'))).toBe(false);
    expect(existsSync(join(root, 'api/api.env'))).toBe(false);
    expect(readFileSync(join(root, 'log/startup.log'), 'utf8')).toContain('[step] Verify SHA-256');
  });

  it('stops on a failed download (404) with --fail, and leaves no token on disk (seed defect 16)', async () => {
    const missing = url.replace(/api\.zip$/, 'missing.zip');
    const script = renderProductionStartupScript(input({ nodeVersion: HOST_NODE, root, circleToken: 's3cret', artifact: { url: missing, sha256: SHA256, gitSha: 'abc123' } }));
    writeFileSync(join(root, 'startup.sh'), script);
    const result = await runScript(join(root, 'startup.sh'));
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain(`could not download the artifact (curl exit 22) from ${missing}`);
    expect(result.stdout).not.toContain('[step] Verify SHA-256');
    expect(result.stdout).not.toContain('s3cret');
    expect(existsSync(join(root, 'api/downloads/.circle-token-header'))).toBe(false);
    expect(existsSync(join(root, 'api/downloads/api-abc123.zip.partial'))).toBe(false);
    expect(existsSync(join(root, 'api/current'))).toBe(false);
  });

  it('fails the boot when a migration fails, before PM2 or the API start (seed defect 12)', async () => {
    const zipUrl = url.replace(/api\.zip$/, 'bad-migration.zip');
    const sha256 = createHash('sha256').update(badMigrationZip as Buffer).digest('hex');
    const script = renderProductionStartupScript(input({ nodeVersion: HOST_NODE, root, circleToken: undefined, artifact: { url: zipUrl, sha256, gitSha: 'bad1' } }));
    writeFileSync(join(root, 'startup.sh'), script);
    const result = await runScript(join(root, 'startup.sh'));
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('[step] Run database migrations');
    expect(result.stdout).toContain('migration 20260101_add_column failed');
    expect(result.stdout).toMatch(/\[error\] step "Run database migrations" failed \(exit 1/);
    expect(result.stdout).not.toContain('[step] PM2');
    expect(result.stdout).not.toContain('[step] Start or reload the API');
    // The release is unpacked but never made current.
    expect(existsSync(join(root, 'api/releases/bad1/migrate.js'))).toBe(true);
    expect(existsSync(join(root, 'api/current'))).toBe(false);
  });
});
