import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeDeterministicZip } from '../artifact/deterministic-zip';
import { listFiles } from '../artifact/list-files';
import { MANIFEST_FILE, sha256Hex, sha256OfFile, type ArtifactManifest } from '../artifact/manifest';
import { readZipEntry } from '../artifact/read-zip-entry';
import { DeployError } from '../log/errors';
import { RUNTIME_CONFIG_FILE } from '../web-release/runtime-config-file';
import { ReleasesLayout, type ReleasePart } from '../releases/layout';
import type { ReleaseManifest, ReleasePartEntry } from '../releases/manifest';

/** What `deploy:publish` packs: the outputs of `api:artifact` and `web:build`, named by the commit. */
export interface ReleaseInputs {
  release: string;
  /** The commit's time: every zip entry gets it, so the same commit always gives the same bytes. */
  commitTime: Date;
  /** dist/artifacts/api-<sha>.zip */
  apiZip: string;
  /** dist/apps/web */
  webDir: string;
  /** dist/apps/api/seeds/development */
  seedsDir: string;
  publishedBy: string;
  now: Date;
}

/** The release as files in a local folder (`archives[part]`) plus its manifest. */
export interface CollectedRelease {
  manifest: ReleaseManifest;
  archives: Record<ReleasePart, string>;
}

/** Checks the build outputs and packs them into `outDir`; reads nothing remote. */
export async function collectRelease(inputs: ReleaseInputs, outDir: string): Promise<CollectedRelease> {
  const layout = new ReleasesLayout('');
  const problems: string[] = [];
  if (!existsSync(inputs.apiZip)) problems.push(`${inputs.apiZip} does not exist (nx run api:artifact builds it)`);
  if (!existsSync(join(inputs.webDir, 'index.html'))) problems.push(`${inputs.webDir} has no index.html (nx run web:build builds it)`);
  // /config.json is written per environment at deploy time; one inside the build would be
  // served to every environment.
  if (existsSync(join(inputs.webDir, RUNTIME_CONFIG_FILE))) problems.push(`${inputs.webDir} contains ${RUNTIME_CONFIG_FILE}: a release must hold no environment's settings`);
  if (!existsSync(inputs.seedsDir)) problems.push(`${inputs.seedsDir} does not exist (nx run api:build builds it)`);
  if (problems.length > 0) {
    throw new DeployError(`Cannot publish release ${inputs.release}:\n  ${problems.join('\n  ')}`, {
      hint: 'Run it through Nx, which builds what is missing first: npx nx run deploy:publish',
    });
  }

  const artifactManifest = await readZipEntry(inputs.apiZip, MANIFEST_FILE);
  const artifact = JSON.parse(artifactManifest.toString('utf8')) as ArtifactManifest;
  if (artifact.gitSha !== inputs.release) {
    throw new DeployError(`${inputs.apiZip} was built from ${artifact.gitSha}, not from the release commit ${inputs.release}.`, {
      hint: 'Rebuild the artifact at this commit: npx nx run deploy:publish (it runs api:artifact first).',
    });
  }
  const archives = {
    api: join(outDir, layout.archiveName('api', inputs.release)),
    web: join(outDir, layout.archiveName('web', inputs.release)),
    seeds: join(outDir, layout.archiveName('seeds', inputs.release)),
  };
  copyFileSync(inputs.apiZip, archives.api);
  const web = await zipFolder(inputs.webDir, archives.web, inputs.commitTime);
  const seeds = await zipFolder(inputs.seedsDir, archives.seeds, inputs.commitTime, 'seeds/development/');
  const entry = (part: ReleasePart, files: Record<string, string>): ReleasePartEntry => ({
    archive: layout.archiveName(part, inputs.release),
    size: statSync(archives[part]).size,
    sha256: sha256OfFile(archives[part]),
    files,
  });
  return {
    archives,
    manifest: {
      schema: 1,
      release: inputs.release,
      parts: {
        api: entry('api', { ...artifact.files, [MANIFEST_FILE]: sha256Hex(artifactManifest) }),
        web: entry('web', web),
        seeds: entry('seeds', seeds),
      },
      published: { at: inputs.now.toISOString(), by: inputs.publishedBy },
    },
  };
}

/** A deterministic zip of a folder; returns the SHA-256 of every file by its path inside the zip. */
async function zipFolder(dir: string, out: string, mtime: Date, pathPrefix = ''): Promise<Record<string, string>> {
  const { files } = listFiles(dir);
  const entries = files.map((f) => ({ path: `${pathPrefix}${f.path}`, source: join(dir, f.path), executable: false }));
  await writeDeterministicZip(entries, mtime, out);
  return Object.fromEntries(entries.map((e) => [e.path, sha256OfFile(e.source)]));
}
