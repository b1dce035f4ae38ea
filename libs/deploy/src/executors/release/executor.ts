import type { ExecutorContext } from '@nx/devkit';
import { loadApiDeployConfig, loadReleasesConfig, loadWebDeployConfig, redactorForEnv } from '@eapd/config';
import { DeployError } from '../../log/errors';
import { createConsoleLogger, type DeployLogger } from '../../log/logger';
import { reportFailure } from '../../log/report-failure';
import { systemClock } from '../../ports/clock';
import type { ObjectStore } from '../../ports/object-store';
import { whereRuns, whoRuns } from '../../releases/actor';
import { releaseTag } from '../../releases/release-tag';
import { openReleasesBucket, type ReleasesBucket } from '../../releases/releases-store';
import { runRelease } from '../../release/run-release';
import type { ReleaseContext, ReleaseDeps } from '../../release/release-types';
import { DEFAULT_CACHE_CONTROL_RULES } from '../../s3-sync/content-headers';
import { parseDuration } from '../../s3-sync/format';
import { webRuntimeConfigOf } from '../../web-release/runtime-config-file';
import { trapRolloverInterrupts } from '../rollover/interrupts';
import { lockTimingOf, normalizeSettings } from '../rollover/normalize-options';
import type { ReleaseExecutorOptions } from './schema';

export interface ReleaseRuntime {
  env: Record<string, string | undefined>;
  logger: DeployLogger;
  /** Tests: fakes of the AWS ports, the buckets and the clock. */
  ports?: Partial<Pick<ReleaseDeps, 'compute' | 'loadBalancer' | 'parameters' | 'clock'>>;
  bucket?: ReleasesBucket;
  webStore?: ObjectStore;
}

/** `nx run deploy:release --configuration=<env> --release=<sha>`. */
export default async function releaseExecutor(options: ReleaseExecutorOptions, context: ExecutorContext) {
  const env = process.env;
  return runReleaseExecutor(options, context, 'release', { env, logger: createConsoleLogger({ redact: redactorForEnv(env) }) });
}

/** Shared by deploy:release and deploy:rollback: read and check everything, then hand over to runRelease. */
export async function runReleaseExecutor(
  options: ReleaseExecutorOptions,
  context: Pick<ExecutorContext, 'root'>,
  kind: 'release' | 'rollback',
  runtime: ReleaseRuntime,
): Promise<{ success: boolean }> {
  const { env, logger } = runtime;
  const interrupts = trapRolloverInterrupts(logger);
  try {
    if (kind === 'release' && !options.release) {
      throw new DeployError('Which release? --release=<git-sha> is required.', { hint: 'In CI: --release=$CIRCLE_SHA1 (published by deploy:publish in the same pipeline).' });
    }
    const rollover = normalizeSettings(options, 'deploy', env);
    // Every variable of both parts is checked before anything is read or changed.
    const problems: unknown[] = [];
    const attempt = <T>(load: () => T): T | undefined => {
      try {
        return load();
      } catch (err) {
        problems.push(err);
        return undefined;
      }
    };
    const api = attempt(() => loadApiDeployConfig(rollover.environment, env));
    const web = attempt(() => loadWebDeployConfig(rollover.environment, env));
    const releases = runtime.bucket ? undefined : attempt(() => loadReleasesConfig(env));
    if (problems.length > 0 || !api || !web || (!runtime.bucket && !releases)) {
      for (const problem of problems.slice(0, -1)) reportFailure(logger, problem, 'Release');
      throw problems.at(-1);
    }
    // The AWS SDK clients are loaded only now that every part of the configuration is valid.
    const bucket = runtime.bucket ?? (await openReleasesBucket(releases as NonNullable<typeof releases>, env));
    for (const notice of web.notices) logger.warn(notice);
    const concurrency = Number(options.concurrency ?? 16);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 128) throw new DeployError(`--concurrency must be a whole number from 1 to 128, got "${options.concurrency}".`);
    const ctx: ReleaseContext = {
      environment: rollover.environment,
      api,
      web,
      runtime: webRuntimeConfigOf(web),
      rollover,
      sync: {
        dryRun: rollover.dryRun,
        deleteStale: true,
        exclude: [],
        concurrency,
        keepStaleFor: options.keepStaleFor ? { text: options.keepStaleFor, ms: parseDuration(options.keepStaleFor) } : undefined,
        cacheControl: DEFAULT_CACHE_CONTROL_RULES,
      },
    };
    const deps: ReleaseDeps = {
      bucket,
      webStore: runtime.webStore ?? new (await import('../../aws/s3-object-store')).S3ObjectStore({ bucket: web.bucket, region: web.region, env }),
      compute: runtime.ports?.compute ?? (await import('../../aws/ec2-compute')).createEc2Compute(api.region, env),
      loadBalancer: runtime.ports?.loadBalancer ?? (await import('../../aws/elb-load-balancer')).createElbLoadBalancer(api.region, env),
      parameters: runtime.ports?.parameters ?? (await import('../../aws/ssm-parameters')).createSsmParameters(api.region, env),
      clock: runtime.ports?.clock ?? systemClock,
      logger,
      signal: interrupts.signal,
    };
    await runRelease(
      {
        kind,
        release: kind === 'release' ? options.release : options.to,
        dryRun: rollover.dryRun,
        who: whoRuns(env),
        where: whereRuns(env),
        tagOf: (release) => releaseTag(release, env, context.root),
        lockTiming: lockTimingOf(options),
      },
      ctx,
      deps,
    );
    return { success: true };
  } catch (err) {
    reportFailure(logger, err, kind === 'rollback' ? 'Rollback' : 'Release');
    return { success: false };
  } finally {
    interrupts.release();
  }
}
