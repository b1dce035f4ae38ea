import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WebRuntimeConfig } from '@eapd/config';
import { extractZip } from '../artifact/extract-zip';
import { listFiles } from '../artifact/list-files';
import { DeployError } from '../log/errors';
import { downloadVerifiedArchive } from '../releases/read-release';
import type { ReleaseManifest } from '../releases/manifest';
import type { ReleasesBucket } from '../releases/releases-store';
import { digestFiles } from '../s3-sync/hash-files';
import { renderRuntimeConfig, RUNTIME_CONFIG_FILE } from './runtime-config-file';

/** A release's web build, unpacked and checked, ready to sync. */
export interface StagedWebRelease {
  /** The folder to sync: the release's files plus the environment's /config.json. */
  site: string;
  /** Each file's MD5, from the same read that checked its SHA-256 (the sync does not read them again). */
  knownMd5: Map<string, { md5: string; size: number }>;
}

/**
 * The folder the frontend sync uploads for one environment: the release's web build, every
 * file checked against the manifest, plus that environment's /config.json.
 */
export async function stageWebRelease(bucket: ReleasesBucket, manifest: ReleaseManifest, runtime: WebRuntimeConfig, workDir: string): Promise<StagedWebRelease> {
  const zip = join(workDir, manifest.parts.web.archive);
  await downloadVerifiedArchive(bucket, manifest, 'web', zip);
  const site = join(workDir, 'site');
  await extractZip(zip, site);
  const { problems, knownMd5 } = await compareWithManifest(site, manifest.parts.web.files);
  if (problems.length > 0) {
    throw new DeployError(`The web build of release ${manifest.release} does not match its manifest; nothing was deployed:\n  ${problems.join('\n  ')}`);
  }
  await writeFile(join(site, RUNTIME_CONFIG_FILE), renderRuntimeConfig(runtime));
  return { site, knownMd5 };
}

/**
 * A local build (web:deploy without --release) is synced where it is, so dist/ stays exactly
 * what Nx cached and an unchanged file's hash is reused between runs: only the environment's
 * /config.json is written, in `workDir`, and synced alongside.
 */
export async function writeRuntimeConfigBeside(source: string, runtime: WebRuntimeConfig, workDir: string): Promise<{ relativeKey: string; filePath: string }> {
  if (!existsSync(source)) throw new DeployError(`The build folder ${source} does not exist.`, { hint: 'Build it (npx nx run web:build) or pass --source.' });
  await mkdir(workDir, { recursive: true });
  const filePath = join(workDir, RUNTIME_CONFIG_FILE);
  await writeFile(filePath, renderRuntimeConfig(runtime));
  return { relativeKey: RUNTIME_CONFIG_FILE, filePath };
}

/** Every file against the manifest's SHA-256, on several threads; MD5s from the same read. */
async function compareWithManifest(dir: string, files: Record<string, string>): Promise<{ problems: string[]; knownMd5: Map<string, { md5: string; size: number }> }> {
  const present = new Set(listFiles(dir).files.map((f) => f.path));
  const expected = Object.keys(files).sort();
  const toCheck = expected.filter((path) => present.has(path)).map((path) => ({ path, filePath: join(dir, path), size: statSync(join(dir, path)).size }));
  const digests = await digestFiles(toCheck, ['sha256', 'md5']);
  const knownMd5 = new Map<string, { md5: string; size: number }>();
  toCheck.forEach((file, i) => knownMd5.set(file.path, { md5: digests[i].md5 as string, size: file.size }));
  const sha256 = new Map(toCheck.map((file, i) => [file.path, digests[i].sha256]));
  const problems: string[] = [];
  for (const path of expected) {
    if (!present.delete(path)) problems.push(`missing: ${path}`);
    else if (sha256.get(path) !== files[path]) problems.push(`changed: ${path}`);
  }
  for (const path of [...present].sort()) problems.push(`extra:   ${path}`);
  return { problems, knownMd5 };
}
