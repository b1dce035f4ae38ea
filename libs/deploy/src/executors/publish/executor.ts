import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { loadReleasesConfig, redactorForEnv } from '@eapd/config';
import { artifactFileName } from '../../artifact/artifact-info';
import { readGitCommit, type GitCommit } from '../../artifact/git-commit';
import { DeployError } from '../../log/errors';
import { createConsoleLogger, type DeployLogger } from '../../log/logger';
import { reportFailure } from '../../log/report-failure';
import { systemClock } from '../../ports/clock';
import { collectRelease } from '../../publish/collect-release';
import { publishRelease } from '../../publish/publish-release';
import { whoRuns } from '../../releases/actor';
import { openReleasesBucket, type ReleasesBucket } from '../../releases/releases-store';
import type { PublishExecutorOptions } from './schema';

export interface PublishRuntime {
  env: Record<string, string | undefined>;
  logger: DeployLogger;
  /** The commit being published (tests); default: git HEAD of the workspace. */
  commit?: () => GitCommit;
  /** The releases bucket (tests); default: from RELEASES_AWS_* config. */
  bucket?: ReleasesBucket;
}

/** `nx run deploy:publish`: upload release <HEAD> (its builds come through Nx's dependsOn). */
export default async function publishExecutor(options: PublishExecutorOptions, context: ExecutorContext) {
  const env = process.env;
  return runPublish(options, context, { env, logger: createConsoleLogger({ redact: redactorForEnv(env) }) });
}

export async function runPublish(options: PublishExecutorOptions, context: Pick<ExecutorContext, 'root'>, runtime: PublishRuntime) {
  const { env, logger } = runtime;
  const work = mkdtempSync(join(tmpdir(), 'eapd-publish-'));
  try {
    // Validated before anything is read or packed: a config error changes nothing.
    const bucket = runtime.bucket ?? await openReleasesBucket(loadReleasesConfig(env), env);
    const commit = (runtime.commit ?? (() => readGitCommit(context.root)))();
    if (commit.dirty) {
      throw new DeployError(`The work tree has uncommitted changes: its build is not release ${commit.sha}.`, {
        hint: 'Commit (or stash) the changes, then publish: a release is exactly one commit.',
      });
    }
    const path = (value: string) => (isAbsolute(value) ? value : join(context.root, value));
    const collected = await collectRelease(
      {
        release: commit.sha,
        commitTime: commit.time,
        apiZip: path(options.apiZip ?? join('dist/artifacts', artifactFileName(commit.sha))),
        webDir: path(options.webDir ?? 'dist/apps/web'),
        seedsDir: path(options.seedsDir ?? 'dist/apps/api/seeds/development'),
        publishedBy: whoRuns(env),
        now: new Date(systemClock.now()),
      },
      work,
    );
    await publishRelease(collected, { dryRun: Boolean(options.dryRun) }, { ...bucket, logger, clock: systemClock });
    return { success: true };
  } catch (err) {
    reportFailure(logger, err, 'Publish');
    return { success: false };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
