import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { writeDeterministicZip, type ZipEntry } from '../artifact/deterministic-zip';
import { packageUpgradeCommands } from '../../testing/package-upgrades';
import { highEntropyBytes } from '../../testing/presigned-url';
import { writeRootToolShims, type RootToolShims } from '../../testing/root-tool-shims';
import { testDeployConfig } from './production-script.fixtures';
import { readNvmrcMajor, readNvmrcVersion, renderProductionStartupScript, type ProductionStartupScriptInput } from './production-script';
import { shellQuote } from './shell';
import { READ_PARAMETERS_SCRIPT } from './read-parameters';

// These run bash, curl and openssl: seconds on a busy 2-core machine, not milliseconds.
jest.setTimeout(90_000);

const SHA256 = 'a'.repeat(64);
const STUB_DATABASE_URL = "postgres://api:it's-a-stub@db.internal/api";
/** A stand-in for @aws-sdk/client-ssm inside a test release: one page of fixed settings under the asked path. */
const STUB_SSM_CLIENT = `exports.SSMClient = class { constructor(config) { this.config = config; } };
exports.paginateGetParametersByPath = async function* (_config, input) {
  yield { Parameters: [{ Name: input.Path + '/DATABASE_URL', Value: ${JSON.stringify(STUB_DATABASE_URL)} }, { Name: input.Path + '/NODE_ENV', Value: 'production' }] };
};
`;
const input = (over: Partial<ProductionStartupScriptInput> = {}): ProductionStartupScriptInput => ({
  config: testDeployConfig(),
  artifact: { url: 'https://releases.s3.us-east-1.amazonaws.com/releases/abc123/api-abc123.zip?X-Amz-Signature=0f&X-Amz-Expires=1500', sha256: SHA256, gitSha: 'abc123' },
  ...over,
});

/** These runs are about the artifact, not Node.js: the Node running this test satisfies the Node step. */
const HOST_NODE = process.versions.node;

/** Async, so this process's HTTP server keeps answering while the script runs. */
function runScript(path: string, shims: RootToolShims): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PATH: `${shims.bin}:${process.env['PATH']}` };
    const child = spawn('bash', [path], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, env });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

describe('renderProductionStartupScript', () => {
  it('passes shellcheck with no warnings', () => {
    const probe = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
    if (probe.error) throw new Error('shellcheck is not installed: apt-get install -y shellcheck');
    const result = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '-'], {
      input: renderProductionStartupScript(input()), encoding: 'utf8',
    });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('carries the parameter path and region, and no value of the instance environment', () => {
    const config = testDeployConfig();
    const script = renderProductionStartupScript(input({ config }));
    expect(script).toContain("PARAMETER_PATH='/eapd/staging'");
    expect(script).toContain("PARAMETER_REGION='us-east-1'");
    for (const name of ['DATABASE_URL', 'SESSION_SECRET', 'JWT_SECRET'] as const) {
      expect(script).not.toContain(config.instanceEnvironment[name]);
    }
    expect(script).not.toContain('p%40ss');
    expect(script).not.toMatch(/^\s*(export )?(DATABASE_URL|SESSION_SECRET|JWT_SECRET|OKTA_API_KEY|AWS_SECRET_ACCESS_KEY)=/m);
  });

  it('runs the API, the migrations and PM2 as the unprivileged user, never root', () => {
    const script = renderProductionStartupScript(input({ apiUser: 'eapd-api' }));
    expect(script).toContain("API_USER='eapd-api'");
    expect(script).toContain('useradd --system');
    expect(script).toContain('as_api node migrate.js');
    expect(script).toContain('pm2() { as_api node "$PM2_JS" "$@"; }');
    expect(script).toContain('startup systemd -u "$API_USER"');
    expect(script).not.toMatch(/-u root/);
  });

  it('reads the settings, then runs migrations, then starts the API', () => {
    const script = renderProductionStartupScript(input());
    expect(script).toContain("READ_PARAMETERS='read-parameters.js'");
    expect(script.indexOf('node "$reader"')).toBeGreaterThan(0);
    expect(script.indexOf('node "$reader"')).toBeLessThan(script.indexOf('node migrate.js'));
    expect(script.indexOf('node migrate.js')).toBeLessThan(script.indexOf('pm2 startOrReload'));
  });

  it('refuses inputs that cannot be right, naming each', () => {
    expect(() => renderProductionStartupScript(input({ artifact: { url: 'ftp://x', sha256: 'abc', gitSha: '../x' }, root: 'app', apiUser: 'Root User' })))
      .toThrow(/apiUser must be a lowercase system user name[\s\S]*sha256 must be 64 hex digits[\s\S]*gitSha must be[\s\S]*url must be an http[\s\S]*root must be an absolute/);
    const config = { ...testDeployConfig(), parameters: { path: "eapd/$(reboot)" } };
    expect(() => renderProductionStartupScript(input({ config }))).toThrow(/parameters.path must be an absolute Parameter Store path/);
  });

  it('throws a clear error past the 16 KiB user-data limit (compressed), which secrets no longer count towards', () => {
    const huge = testDeployConfig({ SESSION_SECRET: highEntropyBytes('secret', 16 * 1024).toString('hex') });
    expect(renderProductionStartupScript(input({ config: huge }))).toBe(renderProductionStartupScript(input()));
    const artifact = { url: `https://ci.example/${highEntropyBytes('url', 16 * 1024).toString('hex')}.zip`, sha256: SHA256, gitSha: 'abc123' };
    expect(() => renderProductionStartupScript(input({ artifact }))).toThrow(/production startup script is \d+ bytes gzip-compressed \(\d+ bytes plain\); EC2 user data is limited to 16384/);
  });

  it('never upgrades packages or installs the app from a registry on the instance (seed defects 17, 19)', () => {
    const script = renderProductionStartupScript(input());
    expect(packageUpgradeCommands(script)).toEqual([]);
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
  let shims: RootToolShims;
  let badMigrationZip: Buffer | undefined;
  let tamperedZip: Buffer | undefined;
  let noClientZip: Buffer | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.headers);
      if (req.url === '/missing.zip') return void res.writeHead(404).end('<html>Not Found</html>');
      if (req.url === '/bad-migration.zip' && badMigrationZip) return void res.end(badMigrationZip);
      if (req.url === '/tampered.zip' && tamperedZip) return void res.end(tamperedZip);
      if (req.url === '/no-client.zip' && noClientZip) return void res.end(noClientZip);
      res.end('not the artifact you are looking for');
    });
    // An artifact whose migration fails: the boot must stop before PM2 starts anything (seed defect 12).
    // Its Parameter Store client is a stub answering fixed settings (the boot test uses the real SDK).
    const zipFile = join(mkdtempSync(join(tmpdir(), 'bad-zip-')), 'api.zip');
    const app: ZipEntry[] = [
      { path: 'migrate.js', data: Buffer.from("console.error(`migration 20260101_add_column failed: relation \"users\" does not exist (DATABASE_URL ${process.env.DATABASE_URL ? 'set' : 'missing'})`); process.exit(1);\n"), executable: false },
      { path: 'main.js', data: Buffer.from("require('fs').writeFileSync(process.env.STARTED_MARK || '/dev/null', 'started');\n"), executable: false },
      { path: 'ecosystem.config.js', data: Buffer.from("module.exports = { apps: [{ name: 'api', script: 'main.js' }] };\n"), executable: false },
    ];
    const stubClient: ZipEntry[] = [
      { path: 'read-parameters.js', data: Buffer.from(READ_PARAMETERS_SCRIPT), executable: false },
      { path: 'node_modules/@aws-sdk/client-ssm/index.js', data: Buffer.from(STUB_SSM_CLIENT), executable: false },
      { path: 'node_modules/@smithy/credential-provider-imds/index.js', data: Buffer.from('exports.fromInstanceMetadata = () => async () => ({});\n'), executable: false },
    ];
    // Like every artifact, each test zip carries manifest.json with the SHA-256 of its files.
    const manifestOf = (entries: ZipEntry[]): ZipEntry => ({
      path: 'manifest.json',
      data: Buffer.from(JSON.stringify({ files: Object.fromEntries(entries.map((e) => [e.path, createHash('sha256').update(e.data as Buffer).digest('hex')])) })),
      executable: false,
    });
    const zip = async (entries: ZipEntry[]) => {
      await writeDeterministicZip(entries, new Date('2026-01-01T00:00:00Z'), zipFile);
      return readFileSync(zipFile);
    };
    badMigrationZip = await zip([...app, ...stubClient, manifestOf([...app, ...stubClient])]);
    noClientZip = await zip([...app, manifestOf(app)]);
    // The same files, but main.js is not the one its manifest.json names.
    const swapped = app.map((e) => (e.path === 'main.js' ? { ...e, data: Buffer.from('process.exit(0) // swapped\n') } : e));
    tamperedZip = await zip([...swapped, ...stubClient, manifestOf([...app, ...stubClient])]);
    rmSync(join(zipFile, '..'), { recursive: true, force: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api.zip`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'prod-script-'));
    shims = writeRootToolShims(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('downloads with no credential of any kind, and refuses an artifact whose SHA-256 does not match, before touching any release', async () => {
    const script = renderProductionStartupScript(input({ nodeVersion: HOST_NODE, root, artifact: { url, sha256: SHA256, gitSha: 'abc123' } }));
    expect(script).not.toMatch(/Circle-Token|--header|Authorization:/i);
    writeFileSync(join(root, 'startup.sh'), script);
    const result = await runScript(join(root, 'startup.sh'), shims);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain(`artifact SHA-256 mismatch: expected ${SHA256}`);
    expect(Object.keys(requests.at(-1) ?? {}).filter((h) => /token|authorization|cookie/i.test(h))).toEqual([]);
    expect(existsSync(join(root, 'api/releases/abc123'))).toBe(false);
    expect(existsSync(join(root, 'api/current'))).toBe(false);
    expect(existsSync(join(root, 'api/api.env'))).toBe(false);
    expect(readFileSync(join(root, 'log/startup.log'), 'utf8')).toContain('[step] Verify SHA-256');
  });

  it('stops on a failed download (404, or an expired presigned URL) with --fail, without printing the URL (seed defect 16)', async () => {
    const missing = url.replace(/api\.zip$/, 'missing.zip');
    const script = renderProductionStartupScript(input({ nodeVersion: HOST_NODE, root, artifact: { url: missing, sha256: SHA256, gitSha: 'abc123' } }));
    writeFileSync(join(root, 'startup.sh'), script);
    const result = await runScript(join(root, 'startup.sh'), shims);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('could not download the artifact of release abc123 (curl exit 22');
    expect(result.stdout).not.toContain('[step] Verify SHA-256');
    expect(result.stdout).not.toContain(missing);
    expect(existsSync(join(root, 'api/downloads/api-abc123.zip.partial'))).toBe(false);
    expect(existsSync(join(root, 'api/current'))).toBe(false);
  });

  it('refuses an artifact a file of which does not match its manifest.json, before running anything from it', async () => {
    const zipUrl = url.replace(/api\.zip$/, 'tampered.zip');
    const sha256 = createHash('sha256').update(tamperedZip as Buffer).digest('hex');
    writeFileSync(join(root, 'startup.sh'), renderProductionStartupScript(input({ nodeVersion: HOST_NODE, root, artifact: { url: zipUrl, sha256, gitSha: 'tampered1' } })));
    const result = await runScript(join(root, 'startup.sh'), shims);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('1 file(s) do not match manifest.json: main.js');
    expect(result.stdout).not.toContain('[step] Run database migrations');
    expect(existsSync(join(root, 'api/releases/tampered1'))).toBe(false);
    expect(existsSync(join(root, 'api/current'))).toBe(false);
  });

  it('fails the boot when a migration fails, before PM2 or the API start (seed defect 12)', async () => {
    const zipUrl = url.replace(/api\.zip$/, 'bad-migration.zip');
    const sha256 = createHash('sha256').update(badMigrationZip as Buffer).digest('hex');
    const script = renderProductionStartupScript(input({ nodeVersion: HOST_NODE, root, artifact: { url: zipUrl, sha256, gitSha: 'bad1' } }));
    writeFileSync(join(root, 'startup.sh'), script);
    const result = await runScript(join(root, 'startup.sh'), shims);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('[step] Run database migrations');
    // The settings were read (by the API user, with nothing of root's environment) and sourced for the migration.
    expect(result.stdout).toContain('migration 20260101_add_column failed: relation "users" does not exist (DATABASE_URL set)');
    expect(result.stdout).toMatch(/\[error\] step "Run database migrations \(as eapd-api\)" failed \(exit 1/);
    expect(result.stdout).not.toContain(STUB_DATABASE_URL);
    expect(statSync(join(root, 'api/api.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(root, 'api/api.env'), 'utf8')).toContain(`export DATABASE_URL=${shellQuote(STUB_DATABASE_URL)}`);
    const calls = shims.calls();
    expect(calls).toContainEqual(expect.stringMatching(/^useradd --system --user-group --home-dir \S+\/api --no-create-home --shell \S+ eapd-api$/));
    expect(calls).toContainEqual(expect.stringMatching(/^runuser -u eapd-api -- env -i PATH=\S+ NODE_PATH=\S+\/api\/releases\/bad1\/node_modules PARAMETER_PATH=\/eapd\/staging AWS_REGION=us-east-1 AWS_EC2_METADATA_SERVICE_ENDPOINT=http:\/\/169\.254\.169\.254 AWS_EC2_METADATA_V1_DISABLED=true node \S+\/api\/releases\/bad1\/read-parameters\.js$/));
    expect(calls).toContain('runuser -u eapd-api -- node migrate.js');
    expect(calls).toContainEqual(expect.stringMatching(/^chown -R eapd-api:eapd-api \S+\/api\/releases\/\.bad1\.partial$/));
    expect(result.stdout).not.toContain('[step] PM2');
    expect(result.stdout).not.toContain('[step] Start or reload the API');
    // The release is unpacked but never made current.
    expect(existsSync(join(root, 'api/releases/bad1/migrate.js'))).toBe(true);
    expect(existsSync(join(root, 'api/current'))).toBe(false);
  });

  it('stops before migrating when the release cannot read Parameter Store (an artifact from before the move)', async () => {
    const zipUrl = url.replace(/api\.zip$/, 'no-client.zip');
    const sha256 = createHash('sha256').update(noClientZip as Buffer).digest('hex');
    const script = renderProductionStartupScript(input({ nodeVersion: HOST_NODE, root, artifact: { url: zipUrl, sha256, gitSha: 'old1' } }));
    writeFileSync(join(root, 'startup.sh'), script);
    const result = await runScript(join(root, 'startup.sh'), shims);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('release old1 has no read-parameters.js (built before settings moved to Parameter Store): deploy a newer release');
    expect(result.stdout).not.toContain('[step] Run database migrations');
    expect(existsSync(join(root, 'api/api.env'))).toBe(false);
  });
});

function bash(script: string) {
  // stdin 'ignore': Debian's bash sources ~/.bashrc when stdin is a socket (as Node's pipes are).
  return spawnSync('bash', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

describe('release folders on an instance (the pruning step of the script)', () => {
  const template = readFileSync(join(__dirname, 'production-script.template.sh'), 'utf8');
  const prune = template.slice(template.indexOf('# >>> prune_releases'), template.indexOf('# <<< prune_releases'));

  /** Runs the script's own prune_releases on folders made with the given ages; returns what is left. */
  function runPrune(releases: Array<{ name: string; age: number }>, current: string, previous: string, limit: number, pinned = '') {
    const dir = mkdtempSync(join(tmpdir(), 'prune-'));
    try {
      const lines = ['set -euo pipefail', 'log() { :; }', prune, `mkdir -p "${dir}/r" "${dir}/d"`];
      for (const r of releases) {
        lines.push(`mkdir -p "${dir}/r/${r.name}" && touch -d "@${1_700_000_000 - r.age * 60}" "${dir}/r/${r.name}"`);
        lines.push(`touch "${dir}/d/api-${r.name}.zip"`);
      }
      lines.push(`prune_releases "${dir}/r" "${dir}/d" '${current}' '${previous}' ${limit} '${pinned}'`, `ls -1 "${dir}/r"; echo ---; ls -1 "${dir}/d"`);
      const result = bash(lines.join('\n'));
      if (result.status !== 0) throw new Error(result.stderr);
      const [folders, downloads] = result.stdout.split('---\n');
      return { folders: folders.split('\n').filter(Boolean).sort(), downloads: downloads.split('\n').filter(Boolean).sort() };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('keeps the last 3: the current release, the one it replaced, and the newest other', () => {
    const releases = ['r1', 'r2', 'r3', 'r4', 'r5'].map((name, i) => ({ name, age: 50 - i * 10 }));
    // r1 is the oldest folder but the one current replaced (an instant rollback target).
    expect(runPrune(releases, 'r5', 'r1', 3)).toEqual({
      folders: ['r1', 'r4', 'r5'],
      downloads: ['api-r1.zip', 'api-r4.zip', 'api-r5.zip'],
    });
  });

  it('keeps the folder the running PM2 daemon was started from, within the same limit', () => {
    const releases = ['r1', 'r2', 'r3', 'r4', 'r5'].map((name, i) => ({ name, age: 50 - i * 10 }));
    expect(runPrune(releases, 'r5', 'r4', 3, 'r1')).toEqual({
      folders: ['r1', 'r4', 'r5'],
      downloads: ['api-r1.zip', 'api-r4.zip', 'api-r5.zip'],
    });
    // A daemon recorded from a folder that is gone (or none recorded) changes nothing.
    expect(runPrune(releases, 'r5', 'r4', 3, 'gone').folders).toEqual(['r3', 'r4', 'r5']);
  });

  it('never removes the deployed, the previous or the PM2 daemon\'s release, whatever the folders and their ages', () => {
    const name = fc.stringMatching(/^[0-9a-f]{6}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ name, age: fc.integer({ min: 0, max: 10_000 }) }), { minLength: 1, maxLength: 8, selector: (r) => r.name }),
        fc.nat(),
        fc.nat(),
        // Three folders can be pinned at once (current, previous, the daemon's): the limit is at least 3.
        fc.integer({ min: 3, max: 5 }),
        fc.nat(),
        (releases, c, p, limit, d) => {
          const current = releases[c % releases.length].name;
          const previous = releases[p % releases.length].name;
          const daemon = releases[d % releases.length].name;
          const { folders } = runPrune(releases, current, previous, limit, daemon);
          expect(folders).toContain(current);
          expect(folders).toContain(previous);
          expect(folders).toContain(daemon);
          expect(folders.length).toBe(Math.min(limit, releases.length));
        },
      ),
      { numRuns: 25 },
    );
  });
});
