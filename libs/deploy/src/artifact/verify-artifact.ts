import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeployError } from '../log/errors';
import { listFiles } from './list-files';
import { MANIFEST_FILE, sha256OfFile, type ArtifactManifest } from './manifest';

export interface VerifyResult {
  ok: boolean;
  manifest: ArtifactManifest;
  /** Files whose SHA-256 differs from the manifest. */
  changed: string[];
  /** Files the manifest lists that are not there. */
  missing: string[];
  /** Files that are there but not in the manifest. */
  extra: string[];
}

/** Checks an unpacked artifact folder against its `manifest.json`. */
export function verifyArtifact(dir: string): VerifyResult {
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    throw new DeployError(`${dir} has no ${MANIFEST_FILE}; it is not an unpacked API artifact.`, {
      hint: 'Point at the folder the artifact zip was unpacked into.',
    });
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ArtifactManifest;
  const present = new Set(listFiles(dir).files.map((f) => f.path).filter((p) => p !== MANIFEST_FILE));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, expected] of Object.entries(manifest.files)) {
    if (!present.has(path)) missing.push(path);
    else if (sha256OfFile(join(dir, path)) !== expected) changed.push(path);
    present.delete(path);
  }
  const extra = [...present].sort();
  return { ok: changed.length + missing.length + extra.length === 0, manifest, changed, missing, extra };
}

/** One line per problem, or a one-line success. */
export function formatVerifyResult(dir: string, result: VerifyResult): string {
  if (result.ok) return `${dir}: all ${Object.keys(result.manifest.files).length} files match the manifest of ${result.manifest.gitSha}`;
  return [
    `${dir} does NOT match the manifest of ${result.manifest.gitSha}:`,
    ...result.changed.map((p) => `  changed: ${p}`),
    ...result.missing.map((p) => `  missing: ${p}`),
    ...result.extra.map((p) => `  extra:   ${p}`),
  ].join('\n');
}
