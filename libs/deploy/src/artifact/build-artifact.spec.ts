import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { open, type Entry } from 'yauzl';
import { MemoryLogger } from '../../testing/memory-logger';
import { buildArtifact, type BuildArtifactOptions } from './build-artifact';
import { extractZip } from './extract-zip';
import type { ArtifactManifest } from './manifest';
import { productionPackageJson } from './production-package';
import { verifyArtifact, formatVerifyResult } from './verify-artifact';

const SHA = 'abc1234def5678abc1234def5678abc1234def56';
const COMMIT_TIME = new Date('2026-11-20T10:11:12Z');

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'artifact-spec-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A fake `dist/apps/api`, shaped like the contract says the real one is. */
function fakeDist(): string {
  const dist = join(root, 'dist');
  for (const file of ['main.js', 'migrate.js', 'seed.js', 'dev.js', 'main.js.map', 'migrations/20260101_init.js',
    'migrations/20260101_init.js.map', 'migrations/20260101_init.spec.js', 'seeds/base/01_roles.js',
    'seeds/development/01_demo_user.js', 'seeds/test/01_fixtures.js', 'assets/.gitkeep']) {
    write(join(dist, file), `// ${file}\n`);
  }
  return dist;
}

/** Stands in for `npm ci`: what it writes, including an executable bin and a .bin symlink. */
async function fakeInstall(dir: string) {
  write(join(dir, 'node_modules/express/index.js'), 'module.exports = {};\n');
  write(join(dir, 'node_modules/pm2/bin/pm2'), '#!/usr/bin/env node\n');
  chmodSync(join(dir, 'node_modules/pm2/bin/pm2'), 0o755);
  mkdirSync(join(dir, 'node_modules/.bin'));
  symlinkSync('../pm2/bin/pm2', join(dir, 'node_modules/.bin/pm2'));
}

function options(dist: string, outDir: string): BuildArtifactOptions {
  return {
    distDir: dist, outDir, gitSha: SHA, commitTime: COMMIT_TIME, nodeVersion: 'v20.0.0', logger: new MemoryLogger(),
    packageJson: productionPackageJson({ name: 'api', version: '0.0.1', dependencies: { express: '4.22.3' } }, { pm2: '7.0.4' }),
    lockfile: '{"lockfileVersion":3}\n', install: fakeInstall,
  };
}

function readEntries(zipPath: string): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    open(zipPath, { lazyEntries: false }, (err, zip) => {
      if (err) return reject(err);
      const entries: Entry[] = [];
      zip.on('entry', (e: Entry) => entries.push(e));
      zip.on('end', () => resolve(entries));
    });
  });
}

describe('buildArtifact', () => {
  it('packs only what runs in production, with a manifest', async () => {
    const info = await buildArtifact(options(fakeDist(), join(root, 'out')));
    expect(info.path).toBe(join(root, 'out', `api-${SHA}.zip`));
    const entries = await readEntries(info.path);
    expect(entries.map((e) => e.fileName)).toEqual([
      'ecosystem.config.js', 'main.js', 'manifest.json', 'migrate.js', 'migrations/20260101_init.js',
      'node_modules/express/index.js', 'node_modules/pm2/bin/pm2', 'package-lock.json', 'package.json',
      'read-parameters.js', 'seed.js', 'seeds/base/01_roles.js',
    ]);
    for (const entry of entries) {
      expect(entry.extraFieldLength).toBe(0);
      const mode = (entry.externalFileAttributes >>> 16) & 0o777;
      expect(mode).toBe(entry.fileName === 'node_modules/pm2/bin/pm2' ? 0o755 : 0o644);
      expect(entry.getLastModDate({ timezone: 'UTC' }).toISOString()).toBe('2026-11-20T10:11:12.000Z');
    }
    const unpacked = join(root, 'unpacked');
    await extractZip(info.path, unpacked);
    const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as ArtifactManifest;
    expect(manifest).toMatchObject({ gitSha: SHA, commitTime: '2026-11-20T10:11:12.000Z', nodeVersion: 'v20.0.0' });
    expect(Object.keys(manifest.files)).toHaveLength(entries.length - 1);
    expect(JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')).dependencies).toEqual({ express: '4.22.3', pm2: '7.0.4' });
  });

  it('gives a byte-identical zip when the same input is built twice', async () => {
    const dist = fakeDist();
    const first = await buildArtifact(options(dist, join(root, 'one')));
    // Later file times and a different time zone must not change a byte.
    utimesSync(join(dist, 'main.js'), new Date(), new Date('2030-01-01T00:00:00Z'));
    const tz = process.env['TZ'];
    process.env['TZ'] = 'America/New_York';
    try {
      const second = await buildArtifact(options(dist, join(root, 'two')));
      expect(second.sha256).toBe(first.sha256);
      expect(readFileSync(second.path).equals(readFileSync(first.path))).toBe(true);
    } finally {
      process.env['TZ'] = tz;
    }
  });

  it('includes source maps only when asked', async () => {
    const info = await buildArtifact({ ...options(fakeDist(), join(root, 'out')), sourceMaps: true });
    const names = (await readEntries(info.path)).map((e) => e.fileName);
    expect(names).toEqual(expect.arrayContaining(['main.js.map', 'migrations/20260101_init.js.map']));
  });

  it('refuses a build without the migrate entry point, saying what to do', async () => {
    const dist = fakeDist();
    unlinkSync(join(dist, 'migrate.js'));
    await expect(buildArtifact(options(dist, join(root, 'out')))).rejects.toThrow(/has no migrate\.js/);
  });
});

describe('verifyArtifact', () => {
  it('passes an intact artifact and names changed, missing and extra files', async () => {
    const info = await buildArtifact(options(fakeDist(), join(root, 'out')));
    const dir = join(root, 'unpacked');
    await extractZip(info.path, dir);
    expect(verifyArtifact(dir).ok).toBe(true);

    writeFileSync(join(dir, 'main.js'), 'tampered');
    unlinkSync(join(dir, 'seeds/base/01_roles.js'));
    writeFileSync(join(dir, 'extra.js'), '');
    const result = verifyArtifact(dir);
    expect(result).toMatchObject({ ok: false, changed: ['main.js'], missing: ['seeds/base/01_roles.js'], extra: ['extra.js'] });
    expect(formatVerifyResult(dir, result)).toMatch(/changed: main\.js\n {2}missing: seeds\/base\/01_roles\.js\n {2}extra: {3}extra\.js/);
  });

  it('says clearly when the folder is not an artifact', () => {
    expect(() => verifyArtifact(root)).toThrow(/no manifest\.json/);
  });
});
