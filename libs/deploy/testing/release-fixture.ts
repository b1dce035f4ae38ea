import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDeterministicZip } from '../src/artifact/deterministic-zip';
import { MANIFEST_FILE, serializeManifest, sha256Hex } from '../src/artifact/manifest';
import type { ReleaseInputs } from '../src/publish/collect-release';
import { SAMPLE_BUILD, writeBuild } from './build-fixture';

export const RELEASE_A = 'a1'.repeat(20);
export const RELEASE_B = 'b2'.repeat(20);
export const RELEASE_C = 'c3'.repeat(20);

/** The files of a small API artifact (what api:artifact zips), per release. */
export function sampleApiFiles(release: string): Record<string, string> {
  return {
    'main.js': `console.log("api ${release}")`,
    'migrate.js': 'console.log("migrate")',
    'seed.js': 'console.log("seed")',
    'ecosystem.config.js': 'module.exports = {}',
  };
}

/**
 * Build outputs as `nx run api:artifact` and `nx run web:build` leave them, in a temp folder:
 * an API zip (with its manifest.json) for `release`, a web build and the development seeds.
 */
export async function writeReleaseInputs(
  release: string,
  options: { web?: Record<string, string>; api?: Record<string, string>; who?: string } = {},
): Promise<ReleaseInputs> {
  const dir = await mkdtemp(join(tmpdir(), 'release-inputs-'));
  const commitTime = new Date('2026-03-01T12:00:00Z');
  const api = options.api ?? sampleApiFiles(release);
  const manifest = {
    name: 'api', gitSha: release, commitTime: commitTime.toISOString(), nodeVersion: 'v20.0.0', sourceMaps: false,
    files: Object.fromEntries(Object.entries(api).map(([p, c]) => [p, sha256Hex(c)])),
  };
  const apiZip = join(dir, `api-${release}.zip`);
  await writeDeterministicZip(
    [...Object.entries(api).map(([path, c]) => ({ path, data: Buffer.from(c), executable: false })), { path: MANIFEST_FILE, data: Buffer.from(serializeManifest(manifest)), executable: false }],
    commitTime,
    apiZip,
  );
  const webDir = await writeBuild(options.web ?? SAMPLE_BUILD, join(dir, 'web'));
  const seedsDir = await writeBuild({ '01-demo-data.js': 'exports.seed = async () => {}' }, join(dir, 'seeds'));
  return { release, commitTime, apiZip, webDir, seedsDir, publishedBy: options.who ?? 'test@host', now: new Date('2026-03-02T00:00:00Z') };
}

/** What a preview instance is handed for a release: presigned-style URLs and the manifest's SHA-256s. */
export function sampleReleaseDownloads(release: string): { api: { url: string; sha256: string }; web: { url: string; sha256: string }; seeds: { url: string; sha256: string } } {
  const url = (part: string) => `https://releases.s3.us-east-1.amazonaws.com/releases/${release}/${part}-${release}.zip?X-Amz-Expires=2700&X-Amz-Signature=${'0'.repeat(64)}`;
  return {
    api: { url: url('api'), sha256: 'a'.repeat(64) },
    web: { url: url('web'), sha256: 'b'.repeat(64) },
    seeds: { url: url('seeds'), sha256: 'c'.repeat(64) },
  };
}
