import { readFileSync, writeFileSync } from 'node:fs';
import { DeployError } from '../log/errors';

/** What a build reports, also written next to the zip as `api-<sha>.json` for the deploy steps. */
export interface ArtifactInfo {
  path: string;
  size: number;
  sha256: string;
  gitSha: string;
  commitTime: string;
  files: number;
}

export function artifactFileName(gitSha: string): string {
  if (!/^[0-9a-zA-Z._-]+$/.test(gitSha)) throw new DeployError(`"${gitSha}" is not a usable git SHA for a file name.`);
  return `api-${gitSha}.zip`;
}

export function artifactInfoPath(zipPath: string): string {
  return zipPath.replace(/\.zip$/, '.json');
}

export function writeArtifactInfo(info: ArtifactInfo): void {
  writeFileSync(artifactInfoPath(info.path), JSON.stringify(info, null, 2) + '\n');
}

/** Reads `api-<sha>.json` written by `nx run api:artifact`. */
export function readArtifactInfo(zipPath: string): ArtifactInfo {
  try {
    return JSON.parse(readFileSync(artifactInfoPath(zipPath), 'utf8')) as ArtifactInfo;
  } catch (cause) {
    throw new DeployError(`No artifact information next to ${zipPath}.`, { hint: 'Run: npx nx run api:artifact', cause });
  }
}

export function formatArtifactInfo(info: ArtifactInfo): string {
  return [`Artifact: ${info.path}`, `  size:    ${formatBytes(info.size)} (${info.size} bytes, ${info.files} files)`, `  sha256:  ${info.sha256}`].join('\n');
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
