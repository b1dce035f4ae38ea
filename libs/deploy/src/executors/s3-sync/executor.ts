import type { ExecutorContext } from '@nx/devkit';
import { join } from 'node:path';
import { loadReleasesConfig, loadWebDeployConfig, redactorForEnv, releasesConfigured } from '@eapd/config';
import { readHeadSha } from '../../artifact/git-commit';
import { runDeploySession } from '../../deploy-session/deploy-session';
import { UNKNOWN } from '../../history/environment-state';
import { describeLockState, inspectLock } from '../../lock/environment-lock';
import { DeployError } from '../../log/errors';
import { createConsoleLogger, type DeployLogger } from '../../log/logger';
import { reportFailure } from '../../log/report-failure';
import { systemClock, type Clock } from '../../ports/clock';
import type { ObjectStore } from '../../ports/object-store';
import { whereRuns, whoRuns } from '../../releases/actor';
import { readRelease } from '../../releases/read-release';
import { openReleasesBucket, type ReleasesBucket } from '../../releases/releases-store';
import { runWebBuild } from '../../s3-sync/web-build';
import { deployWebPart, type WebSource } from '../../web-release/deploy-web-part';
import { webRuntimeConfigOf } from '../../web-release/runtime-config-file';
import { lockTimingOf } from '../rollover/normalize-options';
import { normalizeOptions } from './normalize-options';
import { excludesSwallowedByNx } from './nx-swallowed-exclude';
import type { S3SyncExecutorOptions } from './schema';

export interface S3SyncRuntime {
  env: Record<string, string | undefined>;
  logger: DeployLogger;
  /** Replaces the real `nx run web:build:production` (tests). */
  build?: () => Promise<void>;
  /** `--exclude` patterns Nx kept for itself (see nx-swallowed-exclude.ts); none when unset. */
  swallowedExcludes?: () => string[];
  /** Tests: the web bucket, the releases bucket, the clock. */
  store?: ObjectStore;
  bucket?: ReleasesBucket;
  clock?: Clock;
}

/** `nx run web:deploy:<env>`: sync a published release (or a local build) and the environment's /config.json to S3. */
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
  const clock = runtime.clock ?? systemClock;
  try {
    const normalized = normalizeOptions(options, context.root);
    refuseSwallowedExcludes(runtime.swallowedExcludes?.() ?? [], normalized.sync.exclude);
    if (options.release && (options.skipBuild || options.source)) {
      throw new DeployError('--release deploys the published web build: it takes no --source or --skip-build.');
    }
    const config = loadWebDeployConfig(normalized.environment, env);
    for (const notice of config.notices) logger.warn(notice);
    const runtimeConfig = webRuntimeConfigOf(config);
    const bucket = runtime.bucket ?? (options.release || releasesConfigured(env) ? await openReleasesBucket(loadReleasesConfig(env), env) : undefined);
    // The S3 client (~0.5 s to load) only once the configuration is known to be valid.
    const store = runtime.store ?? new (await import('../../aws/s3-object-store')).S3ObjectStore({ bucket: config.bucket, region: config.region, env, forcePathStyle: normalized.forcePathStyle });

    let from: WebSource;
    let release = '';
    if (options.release && bucket) {
      const manifest = await readRelease(bucket, options.release);
      from = { kind: 'release', bucket, manifest };
      release = manifest.release;
    } else {
      if (!normalized.skipBuild) await (runtime.build ?? (() => runWebBuild({ root: context.root, logger, env })))();
      from = { kind: 'local', dir: normalized.sync.source };
      release = localCommit(context.root);
    }
    const deploy = (deps: { onSyncStart?: () => void } = {}) =>
      deployWebPart(
        // MD5s of earlier runs live with the other tools' caches: a re-deploy of an unchanged build reads nothing.
        { from, runtime: runtimeConfig, prefix: config.prefix, sync: { ...normalized.sync, hashCacheDirectory: join(context.root, 'node_modules', '.cache', 'eapd-deploy') } },
        { store, logger, clock, ...deps },
      );

    if (!bucket || normalized.sync.dryRun) {
      if (bucket) logger.info(`${normalized.environment} lock: ${describeLockState(await inspectLock(normalized.environment, { ...bucket, clock }), clock.now())}`);
      await deploy();
      return { success: true };
    }
    const request = {
      kind: 'web' as const,
      environment: normalized.environment,
      release,
      operation: 'web:deploy',
      published: from.kind === 'release',
      who: whoRuns(env),
      where: whereRuns(env),
    };
    await runDeploySession(request, { bucket, clock, logger, lockTiming: lockTimingOf(options) }, async (session) => {
      let syncing = false;
      try {
        await session.step('web', () => deploy({ onSyncStart: () => (syncing = true) }));
        session.serving.web = release || UNKNOWN;
      } catch (err) {
        // Before the sync began the bucket was untouched; during it, the sync's order keeps the
        // site consistent but which build it serves depends on where it stopped.
        session.serving.web = syncing ? UNKNOWN : (session.before.web ?? UNKNOWN);
        throw err;
      }
    });
    return { success: true };
  } catch (err) {
    reportFailure(logger, err, 'Frontend sync');
    return { success: false };
  }
}

/** The commit a local build comes from, for the history ("" outside a git work tree). */
function localCommit(root: string): string {
  try {
    return readHeadSha(root);
  } catch {
    return '';
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
