import type { ExecutorContext } from '@nx/devkit';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { artifactFileName } from '../../artifact/artifact-info';
import { extractZip } from '../../artifact/extract-zip';
import { readHeadSha } from '../../artifact/git-commit';
import { formatVerifyResult, verifyArtifact } from '../../artifact/verify-artifact';
import { DeployError } from '../../log/errors';
import { createConsoleLogger } from '../../log/logger';
import { reportFailure } from '../../log/report-failure';
import type { ArtifactVerifyExecutorOptions } from './schema';

export default async function artifactVerifyExecutor(options: ArtifactVerifyExecutorOptions, context: ExecutorContext) {
  const logger = createConsoleLogger();
  let unpacked: string | undefined;
  try {
    const path = resolve(context.root, options.path ?? join('dist/artifacts', artifactFileName(readHeadSha(context.root))));
    if (!existsSync(path)) {
      throw new DeployError(`${path} does not exist.`, { hint: 'Build it with: npx nx run api:artifact, or pass --path.' });
    }
    let dir = path;
    if (statSync(path).isFile()) {
      unpacked = mkdtempSync(join(tmpdir(), 'artifact-verify-'));
      await extractZip(path, unpacked);
      dir = unpacked;
    }
    const result = verifyArtifact(dir);
    (result.ok ? logger.info : logger.error)(formatVerifyResult(path, result));
    return { success: result.ok };
  } catch (error) {
    reportFailure(logger, error, 'Artifact verification');
    return { success: false };
  } finally {
    if (unpacked) rmSync(unpacked, { recursive: true, force: true });
  }
}
