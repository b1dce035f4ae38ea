import { DeployError } from '../log/errors';
import { RELEASE_ID, RELEASE_PARTS, type ReleasePart } from './layout';

/** One part of a release: its archive in the release folder and what is inside it. */
export interface ReleasePartEntry {
  /** File name of the archive in the release folder, e.g. "web-<sha>.zip". */
  archive: string;
  size: number;
  sha256: string;
  /** SHA-256 of every file inside the archive, by "/"-separated path. */
  files: Record<string, string>;
}

/**
 * `releases/<sha>/manifest.json`: what a release is, byte for byte. Two publications of the
 * same commit are the same release when their `parts` are equal; `published` is information
 * only (the first publication's).
 */
export interface ReleaseManifest {
  schema: 1;
  release: string;
  parts: Record<ReleasePart, ReleasePartEntry>;
  published: { at: string; by: string };
}

const HEX64 = /^[0-9a-f]{64}$/;

export function serializeReleaseManifest(manifest: ReleaseManifest): string {
  const parts = Object.fromEntries(
    RELEASE_PARTS.map((part) => {
      const entry = manifest.parts[part];
      const files = Object.fromEntries(Object.keys(entry.files).sort().map((path) => [path, entry.files[path]]));
      return [part, { archive: entry.archive, size: entry.size, sha256: entry.sha256, files }];
    }),
  );
  return JSON.stringify({ schema: 1, release: manifest.release, parts, published: manifest.published }, null, 2) + '\n';
}

/** Reads a manifest from the bucket, refusing anything that is not one (a corrupted or foreign file). */
export function parseReleaseManifest(text: string, where: string): ReleaseManifest {
  const fail = (why: string) =>
    new DeployError(`${where} is not a valid release manifest: ${why}.`, {
      hint: 'Releases are written by `nx run deploy:publish`; do not edit the releases bucket by hand.',
    });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw fail('not JSON');
  }
  const m = raw as Partial<ReleaseManifest>;
  if (!m || typeof m !== 'object' || m.schema !== 1) throw fail('unknown schema');
  if (typeof m.release !== 'string' || !RELEASE_ID.test(m.release)) throw fail('no release SHA');
  for (const part of RELEASE_PARTS) {
    const entry = m.parts?.[part];
    if (!entry || typeof entry.archive !== 'string' || !HEX64.test(entry.sha256) || !Number.isInteger(entry.size)) {
      throw fail(`part "${part}" is missing or incomplete`);
    }
    if (!entry.files || typeof entry.files !== 'object') throw fail(`part "${part}" lists no files`);
    for (const [path, sha] of Object.entries(entry.files)) {
      if (!HEX64.test(String(sha)) || path.startsWith('/') || path.split('/').includes('..')) throw fail(`part "${part}" has a bad entry "${path}"`);
    }
  }
  return { schema: 1, release: m.release, parts: m.parts as ReleaseManifest['parts'], published: m.published ?? { at: '', by: '' } };
}

/**
 * What differs between two publications of a release, one line per file, named as
 * "<part>/<path>" ("web/main.1a2b.js changed", "api/migrations/x.js only in the new build").
 * Empty when they are the same release.
 */
export function diffReleaseManifests(stored: ReleaseManifest, local: ReleaseManifest): string[] {
  const lines: string[] = [];
  for (const part of RELEASE_PARTS) {
    const a = stored.parts[part];
    const b = local.parts[part];
    if (a.sha256 === b.sha256) continue;
    const before = lines.length;
    for (const path of [...new Set([...Object.keys(a.files), ...Object.keys(b.files)])].sort()) {
      if (!(path in b.files)) lines.push(`${part}/${path}: only in the published release`);
      else if (!(path in a.files)) lines.push(`${part}/${path}: only in the new build`);
      else if (a.files[path] !== b.files[path]) lines.push(`${part}/${path}: content differs`);
    }
    // Same files, different archive bytes (e.g. timestamps): name the archive itself.
    if (lines.length === before) lines.push(`${part}/${b.archive}: archive differs (sha256 ${a.sha256.slice(0, 12)}… vs ${b.sha256.slice(0, 12)}…)`);
  }
  return lines;
}
