import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { loadApiDeployConfig, loadReleasesConfig, redactorForEnv, releasesConfigured } from '@eapd/config';
import { apiReleaseOf, verifyApiArchive } from '../../api-release/release-artifact';
import { rollApi, type ApiPartDeps } from '../../api-release/roll-api';
import { runDeploySession } from '../../deploy-session/deploy-session';
import { UNKNOWN } from '../../history/environment-state';
import { describeLockState, inspectLock } from '../../lock/environment-lock';
import { ReportedFailure } from '../../log/errors';
import { reportFailure } from '../../log/report-failure';
import { createConsoleLogger, type DeployLogger } from '../../log/logger';
import { systemClock } from '../../ports/clock';
import { runDetached } from '../../process/detached-worker';
import type { SignalSource } from '../../process/interrupts';
import { isProcessAlive, processId } from '../../process/liveness';
import { whereRuns, whoRuns } from '../../releases/actor';
import { readRelease } from '../../releases/read-release';
import { openReleasesBucket, type ReleasesBucket } from '../../releases/releases-store';
import { resolveArtifact } from '../../rollover/resolve-artifact';
import type { Release, RolloverDeps } from '../../rollover/rollover-types';
import { trapRolloverInterrupts } from './interrupts';
import { lockTimingOf, normalizeSettings } from './normalize-options';
import type { RolloverExecutorOptions } from './schema';
import type { RolloverJob } from './worker';

export interface RolloverRuntime {
  env: Record<string, string | undefined>;
  logger: DeployLogger;
  /** Replace the AWS adapters (tests). */
  ports?: Partial<Pick<RolloverDeps, 'compute' | 'loadBalancer' | 'parameters' | 'clock'>>;
  /** The releases bucket (tests); default: from RELEASES_AWS_* when set. */
  bucket?: ReleasesBucket;
  /** The signals of the detached worker this runs in (default: this process's own). */
  signals?: SignalSource;
  /** The release, when the executor that started the worker resolved it already. */
  release?: Release;
}

/** `nx run api:deploy:<env>`: roll the API over to a new release. */
export default async function rolloverExecutor(options: RolloverExecutorOptions, context: ExecutorContext) {
  return startRollover(options, context, 'deploy');
}

/**
 * Shared by `api:deploy` and `api:rollback`. Options, config and the release are checked here
 * first, so a mistake is reported at once; then the rollover runs in a detached worker whose
 * log is streamed here, because a roll-back after Ctrl-C or a CI cancel must outlive this
 * process (Nx kills it about 5 s after the signal). A dry run changes nothing and runs here.
 */
export async function startRollover(options: RolloverExecutorOptions, context: Pick<ExecutorContext, 'root'>, kind: 'deploy' | 'rollback') {
  const env = process.env;
  const logger = createConsoleLogger({ redact: redactorForEnv(env) });
  if (options.dryRun) return runRolloverExecutor(options, context, kind, { env, logger });
  const what = kind === 'rollback' ? 'Rollback' : 'Rollover';
  try {
    const settings = normalizeSettings(options, kind, env);
    loadApiDeployConfig(settings.environment, env);
    if (options.release || releasesConfigured(env)) loadReleasesConfig(env);
    // A published release (--release) is read and checked against its manifest in the worker,
    // which holds the environment lock while it does; a one-off artifact is resolved here.
    const release = kind === 'deploy' && !options.release ? await resolveArtifact(options, env, context.root) : undefined;
    const job: RolloverJob = { options, kind, root: context.root, release };
    return await runDetached({
      entry: require.resolve('./worker'),
      payload: job,
      cwd: context.root,
      what: kind === 'rollback' ? 'rollback' : 'rollover',
      onInterrupt: 'before the switch it rolls back (the old fleet keeps or gets back every request before the new instances go); after it, it finishes without waiting for the drain.',
      logger,
    });
  } catch (err) {
    reportFailure(logger, err, what);
    return { success: false };
  }
}

/**
 * The rollover itself, in this process: thin wiring around the engine (tests, dry runs, and the
 * worker). With the releases bucket configured, the run holds the environment lock and is
 * recorded in the history.
 */
export async function runRolloverExecutor(
  options: RolloverExecutorOptions,
  context: Pick<ExecutorContext, 'root'>,
  kind: 'deploy' | 'rollback',
  runtime: RolloverRuntime,
): Promise<{ success: boolean }> {
  const { env, logger } = runtime;
  const interrupts = trapRolloverInterrupts(logger, runtime.signals);
  const work = mkdtempSync(join(tmpdir(), 'eapd-api-deploy-'));
  try {
    const settings = normalizeSettings(options, kind, env);
    // Validated before any AWS call: a config error changes nothing (seed defect 5).
    const config = loadApiDeployConfig(settings.environment, env);
    const bucket = runtime.bucket ?? (options.release || releasesConfigured(env) ? openReleasesBucket(loadReleasesConfig(env), env) : undefined);
    if (kind === 'deploy') {
      if (runtime.release) {
        settings.release = runtime.release;
      } else if (options.release && bucket) {
        const manifest = await readRelease(bucket, options.release);
        logger.info(`Checking ${manifest.parts.api.archive} against the release manifest …`);
        await verifyApiArchive(bucket, manifest, work);
        settings.release = apiReleaseOf(bucket, manifest);
      } else {
        settings.release = await resolveArtifact(options, env, context.root);
      }
    }
    const clock = runtime.ports?.clock ?? systemClock;
    // --call-timeout bounds one call in the adapters too (their retries), not only in the engine.
    const adapter = { logger, retry: settings.callTimeoutMs ? { budgetMs: settings.callTimeoutMs } : undefined };
    // The AWS SDK clients are loaded only here, after the configuration was validated (EC2's alone
    // takes ~1 s to load): a configuration error is reported at once.
    const deps: Omit<ApiPartDeps, 'signal'> = {
      compute: runtime.ports?.compute ?? (await import('../../aws/ec2-compute')).createEc2Compute(config.region, env, adapter),
      loadBalancer: runtime.ports?.loadBalancer ?? (await import('../../aws/elb-load-balancer')).createElbLoadBalancer(config.region, env, adapter),
      parameters: runtime.ports?.parameters ?? (await import('../../aws/ssm-parameters')).createSsmParameters(config.region, env),
      clock,
      logger,
      bucket,
      processId: processId(),
      isProcessAlive,
    };
    if (!bucket || settings.dryRun) {
      if (bucket) logger.info(`${settings.environment} lock: ${describeLockState(await inspectLock(settings.environment, { ...bucket, clock }), clock.now())}`);
      const outcome = await rollApi(config, settings, { ...deps, signal: interrupts.signal });
      return { success: outcome.success };
    }
    const request = {
      kind: 'api' as const,
      environment: settings.environment,
      release: settings.release?.gitSha ?? '',
      operation: kind === 'deploy' ? 'api:deploy' : 'api:rollback',
      published: Boolean(settings.release?.artifactUrl.startsWith('s3://')),
      who: whoRuns(env),
      where: whereRuns(env),
    };
    await runDeploySession(request, { bucket, clock, logger, signal: interrupts.signal, lockTiming: lockTimingOf(options) }, async (session) => {
      const outcome = await session.step('api', () => rollApi(config, settings, { ...deps, signal: session.signal }));
      session.release = outcome.release.gitSha;
      session.published = outcome.release.artifactUrl.startsWith('s3://');
      // Rolled back before the switch: the old fleet serves what it served before.
      session.serving.api = outcome.success ? outcome.release.gitSha : outcome.rolledBack ? (session.before.api ?? UNKNOWN) : UNKNOWN;
      // The engine printed the failure and its summary already.
      if (!outcome.success) throw new ReportedFailure(outcome.error?.message ?? 'the rollover failed');
    });
    return { success: true };
  } catch (err) {
    if (!(err instanceof ReportedFailure)) reportFailure(logger, err, kind === 'rollback' ? 'Rollback' : 'Rollover');
    return { success: false };
  } finally {
    interrupts.release();
    rmSync(work, { recursive: true, force: true });
  }
}
