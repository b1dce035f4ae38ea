import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const MANIFEST_FILE = 'manifest.json';

/** `manifest.json` at the root of every artifact. */
export interface ArtifactManifest {
  name: string;
  gitSha: string;
  /** The commit's time (ISO 8601), not the build's: the same commit always gives the same zip. */
  commitTime: string;
  /** The Node.js version that installed `node_modules` (e.g. "v20.20.2"). */
  nodeVersion: string;
  sourceMaps: boolean;
  /** SHA-256 (hex) of every file in the artifact except this manifest, by `/`-separated path. */
  files: Record<string, string>;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256OfFile(path: string): string {
  return sha256Hex(readFileSync(path));
}

/** Stable JSON: keys in a fixed order, files sorted, trailing newline. */
export function serializeManifest(manifest: ArtifactManifest): string {
  const files: Record<string, string> = {};
  for (const path of Object.keys(manifest.files).sort()) files[path] = manifest.files[path];
  const ordered: ArtifactManifest = {
    name: manifest.name,
    gitSha: manifest.gitSha,
    commitTime: manifest.commitTime,
    nodeVersion: manifest.nodeVersion,
    sourceMaps: manifest.sourceMaps,
    files,
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}
