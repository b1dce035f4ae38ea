import type { ExecutorContext } from '@nx/devkit';
import { loadWebDeployConfig, redactorForEnv } from '@eapd/config';
import { S3ObjectStore } from '../../aws/s3-object-store';
import { syncFrontend } from '../../s3-sync/sync-frontend';
import { runWebBuild, webBuildEnvironment } from '../../s3-sync/web-build';
import { DeployError } from '../../log/errors';
import { createConsoleLogger, type DeployLogger } from '../../log/logger';
import { reportFailure } from '../../log/report-failure';
import { systemClock } from '../../ports/clock';
import { normalizeOptions } from './normalize-options';
import { excludesSwallowedByNx } from './nx-swallowed-exclude';
import type { S3SyncExecutorOptions } from './schema';

export interface S3SyncRuntime {
  env: Record<string, string | undefined>;
  logger: DeployLogger;
  /** Replaces the real `nx run web:build:production` (tests). */
  build?: (vars: Record<string, string>) => Promise<void>;
  /** `--exclude` patterns Nx kept for itself (see nx-swallowed-exclude.ts); none when unset. */
  swallowedExcludes?: () => string[];
}

/** `nx run web:deploy:<env>`: build the web app for the environment, then sync it to S3. */
export default async function s3SyncExecutor(options: S3SyncExecutorOptions, context: ExecutorContext) {
  const env = process.env;
  return runS3Sync(options, context, {
    env,
    logger: createConsoleLogger({ redact: redactorForEnv(env) }),
    swallowedExcludes: excludesSwallowedByNx,
  });
}

export async function runS3Sync(options: S3SyncExecutorOptions, context: Pick<ExecutorContext, 'root'>, runtime: S3SyncRuntime) {
  const { env, logger } = runtime;
  try {
    const normalized = normalizeOptions(options, context.root);
    refuseSwallowedExcludes(runtime.swallowedExcludes?.() ?? [], normalized.sync.exclude);
    const config = loadWebDeployConfig(normalized.environment, env);
    if (!normalized.skipBuild) {
      const build = webBuildEnvironment(config);
      for (const notice of build.notices) logger.warn(notice);
      await (runtime.build ?? ((vars) => runWebBuild(vars, { root: context.root, logger, env })))(build.vars);
    }
    const store = new S3ObjectStore({
      bucket: config.bucket,
      region: config.region,
      env,
      forcePathStyle: normalized.forcePathStyle,
    });
    await syncFrontend({ ...normalized.sync, prefix: config.prefix }, { store, logger, clock: systemClock });
    return { success: true };
  } catch (err) {
    reportFailure(logger, err, 'Frontend sync');
    return { success: false };
  }
}

function refuseSwallowedExcludes(swallowed: string[], received: string[]): void {
  const lost = swallowed.filter((p) => !received.includes(p));
  if (lost.length === 0) return;
  const flags = (name: string) => lost.map((p) => `--${name}='${p}'`).join(' ');
  throw new DeployError(
    `Nx kept ${flags('exclude')} for itself (it is an option of Nx), so the sync never received it: ` +
      'those files would be uploaded and, with --delete, matching keys deleted from the bucket. Nothing was built or synced.',
    { hint: `Pass the same glob(s) as ${flags('ignore')}: --ignore is the command-line name of the exclude option.` },
  );
}
