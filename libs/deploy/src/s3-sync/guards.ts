import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DeployError } from '../log/errors';

/**
 * Refuses a build folder that would damage the live site: with `--delete`, syncing a
 * missing, empty or half-built folder would empty the bucket.
 */
export async function assertDeployableBuild(source: string, context: { deleteStale: boolean; target: string }): Promise<void> {
  const consequence = context.deleteStale
    ? `Syncing it with --delete would empty ${context.target}.`
    : `There is nothing to sync to ${context.target}.`;
  const info = await stat(source).catch(() => undefined);
  if (!info) {
    throw new DeployError(`The build folder ${source} does not exist. ${consequence}`, {
      hint: 'Build the web app first (nx run web:build:production), or pass --source <dir>.',
    });
  }
  if (!info.isDirectory()) {
    throw new DeployError(`${source} is not a folder.`, { hint: 'Pass the build output folder as --source.' });
  }
  const entries = await readdir(source);
  if (entries.length === 0) {
    throw new DeployError(`The build folder ${source} is empty. ${consequence}`, {
      hint: 'Check the web build succeeded, then run the deploy again.',
    });
  }
  const index = await stat(join(source, 'index.html')).catch(() => undefined);
  if (!index?.isFile()) {
    throw new DeployError(`The build folder ${source} has no index.html: it is not a complete web build. ${consequence}`, {
      hint: 'Check --source points at the web build output (dist/apps/web) and the build succeeded.',
    });
  }
}
