import { cp, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WebRuntimeConfig } from '@eapd/config';
import { extractZip } from '../artifact/extract-zip';
import { listFiles } from '../artifact/list-files';
import { sha256OfFile } from '../artifact/manifest';
import { DeployError } from '../log/errors';
import { downloadVerifiedArchive } from '../releases/read-release';
import type { ReleaseManifest } from '../releases/manifest';
import type { ReleasesBucket } from '../releases/releases-store';
import { renderRuntimeConfig, RUNTIME_CONFIG_FILE } from './runtime-config-file';

/**
 * The folder the frontend sync uploads for one environment: the release's web build, every
 * file checked against the manifest, plus that environment's /config.json.
 */
export async function stageWebRelease(bucket: ReleasesBucket, manifest: ReleaseManifest, runtime: WebRuntimeConfig, workDir: string): Promise<string> {
  const zip = join(workDir, manifest.parts.web.archive);
  await downloadVerifiedArchive(bucket, manifest, 'web', zip);
  const site = join(workDir, 'site');
  await extractZip(zip, site);
  const problems = compareWithManifest(site, manifest.parts.web.files);
  if (problems.length > 0) {
    throw new DeployError(`The web build of release ${manifest.release} does not match its manifest; nothing was deployed:\n  ${problems.join('\n  ')}`);
  }
  await writeFile(join(site, RUNTIME_CONFIG_FILE), renderRuntimeConfig(runtime));
  return site;
}

/** A local build (web:deploy without --release): copied, so dist/ stays exactly what Nx cached. */
export async function stageLocalBuild(source: string, runtime: WebRuntimeConfig, workDir: string): Promise<string> {
  if (!existsSync(source)) throw new DeployError(`The build folder ${source} does not exist.`, { hint: 'Build it (npx nx run web:build) or pass --source.' });
  const site = join(workDir, 'site');
  await mkdir(site, { recursive: true });
  await cp(source, site, { recursive: true });
  await writeFile(join(site, RUNTIME_CONFIG_FILE), renderRuntimeConfig(runtime));
  return site;
}

function compareWithManifest(dir: string, files: Record<string, string>): string[] {
  const present = new Set(listFiles(dir).files.map((f) => f.path));
  const problems: string[] = [];
  for (const [path, sha256] of Object.entries(files).sort()) {
    if (!present.delete(path)) problems.push(`missing: ${path}`);
    else if (sha256OfFile(join(dir, path)) !== sha256) problems.push(`changed: ${path}`);
  }
  for (const path of [...present].sort()) problems.push(`extra:   ${path}`);
  return problems;
}
