import type { ExecutorContext } from '@nx/devkit';
import { createLockFile } from '@nx/devkit/internal';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatArtifactInfo } from '../../artifact/artifact-info';
import { buildArtifact } from '../../artifact/build-artifact';
import { cachedInstaller } from '../../artifact/cached-installer';
import { readGitCommit } from '../../artifact/git-commit';
import { npmCiInstaller } from '../../artifact/install-dependencies';
import { productionPackageJson, type PackageJson } from '../../artifact/production-package';
import { READ_PARAMETERS_PACKAGES } from '../../startup/read-parameters';
import { createConsoleLogger } from '../../log/logger';
import { reportFailure } from '../../log/report-failure';
import type { ArtifactExecutorOptions } from './schema';

export default async function artifactExecutor(raw: Partial<ArtifactExecutorOptions>, context: ExecutorContext) {
  const logger = createConsoleLogger();
  const options: ArtifactExecutorOptions = {
    distPath: 'dist/apps/api', outputPath: 'dist/artifacts', sourceMaps: false, bundlePm2: true, installCache: true, ...raw,
  };
  try {
    const root = context.root;
    const distDir = join(root, options.distPath);
    const commit = readGitCommit(root, ['apps/api', 'libs/config', 'package-lock.json']);
    if (commit.dirty) logger.warn(`the work tree has uncommitted changes: the zip is named after ${commit.sha} but may not match it`);
    const build = JSON.parse(readFileSync(join(distDir, 'package.json'), 'utf8')) as PackageJson;
    // The instance reads its settings at boot with the SDK the release ships (no registry at boot).
    const extra: Record<string, string> = Object.fromEntries(READ_PARAMETERS_PACKAGES.map((name) => [name, workspaceVersionOf(name, root)]));
    if (options.bundlePm2) extra['pm2'] = workspaceVersionOf('pm2', root);
    const packageJson = productionPackageJson(build, extra);
    // Pruned from the workspace lockfile: the artifact gets exactly the versions CI tested.
    const lockfile = createLockFile(packageJson as Parameters<typeof createLockFile>[0], context.projectGraph, 'npm');
    const cacheRoot = join(root, 'node_modules', '.cache', 'eapd-artifact');
    const info = await buildArtifact({
      distDir, outDir: join(root, options.outputPath), gitSha: commit.sha, commitTime: commit.time,
      packageJson, lockfile, sourceMaps: options.sourceMaps, logger,
      install: options.installCache ? cachedInstaller(npmCiInstaller, cacheRoot) : npmCiInstaller,
    });
    logger.info(formatArtifactInfo(info));
    return { success: true };
  } catch (error) {
    reportFailure(logger, error, 'Artifact build');
    return { success: false };
  }
}

function workspaceVersionOf(name: string, root: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}
