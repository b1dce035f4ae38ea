import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeployError } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import { ECOSYSTEM_FILE, renderEcosystemFile } from './ecosystem-file';
import { READ_PARAMETERS_FILE, READ_PARAMETERS_SCRIPT } from '../startup/read-parameters';
import { writeDeterministicZip, type ZipEntry } from './deterministic-zip';
import type { DependencyInstaller } from './install-dependencies';
import { listFiles } from './list-files';
import { MANIFEST_FILE, serializeManifest, sha256Hex, sha256OfFile, type ArtifactManifest } from './manifest';
import type { PackageJson } from './production-package';
import { REQUIRED_BUILD_FILES, selectBuildFiles } from './select-build-files';
import { artifactFileName, writeArtifactInfo, type ArtifactInfo } from './artifact-info';

export interface BuildArtifactOptions {
  /** The API build (`dist/apps/api`). */
  distDir: string;
  /** Where the zip goes (`dist/artifacts`). */
  outDir: string;
  gitSha: string;
  commitTime: Date;
  /** The artifact's package.json (see `productionPackageJson`) and the matching lockfile text. */
  packageJson: PackageJson;
  lockfile: string;
  install: DependencyInstaller;
  sourceMaps?: boolean;
  nodeVersion?: string;
  logger: DeployLogger;
}

/** Builds `api-<sha>.zip`: the API build, production node_modules, PM2 file, settings reader and manifest. */
export async function buildArtifact(options: BuildArtifactOptions): Promise<ArtifactInfo> {
  const { distDir, logger } = options;
  const missing = REQUIRED_BUILD_FILES.filter((file) => !existsSync(join(distDir, file)));
  if (missing.length > 0) {
    throw new DeployError(`The API build in ${distDir} has no ${missing.join(', ')}.`, {
      hint: 'Build it first: NODE_ENV=production npx nx build api (nx run api:artifact does this for you).',
    });
  }
  const selection = selectBuildFiles(listFiles(distDir).files, { sourceMaps: options.sourceMaps ?? false });
  logger.info(`API build: ${selection.included.length} files taken, ${selection.excluded.length} left out`);
  if (selection.excluded.length > 0) logger.info(`  left out: ${selection.excluded.join(', ')}`);

  const staging = mkdtempSync(join(tmpdir(), 'api-artifact-'));
  try {
    const packageJsonText = JSON.stringify(options.packageJson, null, 2) + '\n';
    writeFileSync(join(staging, 'package.json'), packageJsonText);
    writeFileSync(join(staging, 'package-lock.json'), options.lockfile);
    logger.info(`Installing production dependencies (${Object.keys(options.packageJson.dependencies ?? {}).length} direct)…`);
    await options.install(staging);
    const modules = existsSync(join(staging, 'node_modules')) ? listFiles(join(staging, 'node_modules')) : { files: [], symlinks: [] };
    // .bin holds symlinks; the startup script calls PM2 by its real path instead.
    const unexpectedLinks = modules.symlinks.filter((link) => !/(^|\/)\.bin\//.test(link));
    if (unexpectedLinks.length > 0) logger.warn(`left out symbolic links: ${unexpectedLinks.join(', ')}`);

    const entries: ZipEntry[] = [
      ...selection.included.map((f) => ({ path: f.path, source: join(distDir, f.path), executable: false })),
      ...modules.files.map((f) => ({ path: `node_modules/${f.path}`, source: join(staging, 'node_modules', f.path), executable: f.executable })),
      { path: 'package.json', data: Buffer.from(packageJsonText), executable: false },
      { path: 'package-lock.json', data: Buffer.from(options.lockfile), executable: false },
      { path: ECOSYSTEM_FILE, data: Buffer.from(renderEcosystemFile()), executable: false },
      // The boot-time reader of the instance settings (Parameter Store, instance profile).
      { path: READ_PARAMETERS_FILE, data: Buffer.from(READ_PARAMETERS_SCRIPT), executable: false },
    ];
    const manifest: ArtifactManifest = {
      name: options.packageJson.name ?? 'api',
      gitSha: options.gitSha,
      commitTime: options.commitTime.toISOString(),
      nodeVersion: options.nodeVersion ?? process.version,
      sourceMaps: options.sourceMaps ?? false,
      files: Object.fromEntries(entries.map((e) => [e.path, e.data ? sha256Hex(e.data) : sha256OfFile(e.source as string)])),
    };
    entries.push({ path: MANIFEST_FILE, data: Buffer.from(serializeManifest(manifest)), executable: false });

    mkdirSync(options.outDir, { recursive: true });
    removeOtherArtifacts(options.outDir, options.gitSha, logger);
    const zipPath = join(options.outDir, artifactFileName(options.gitSha));
    const partial = `${zipPath}.partial`;
    await writeDeterministicZip(entries, options.commitTime, partial);
    renameSync(partial, zipPath);
    const info: ArtifactInfo = {
      path: zipPath,
      size: statSync(zipPath).size,
      sha256: sha256OfFile(zipPath),
      gitSha: options.gitSha,
      commitTime: manifest.commitTime,
      files: entries.length,
    };
    writeArtifactInfo(info);
    return info;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Older commits' zips would otherwise pile up in dist and in every Nx cache entry. */
function removeOtherArtifacts(outDir: string, gitSha: string, logger: DeployLogger): void {
  for (const name of readdirSync(outDir)) {
    if (/^api-.+\.(zip|json|zip\.partial)$/.test(name) && !name.startsWith(`api-${gitSha}.`)) {
      rmSync(join(outDir, name), { force: true });
      logger.info(`removed older artifact ${name}`);
    }
  }
}
