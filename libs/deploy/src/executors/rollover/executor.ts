import type { ExecutorContext } from '@nx/devkit';
import { loadApiDeployConfig, loadCiContext, redactorForEnv } from '@eapd/config';
import { createEc2Compute } from '../../aws/ec2-compute';
import { createElbLoadBalancer } from '../../aws/elb-load-balancer';
import { createSsmParameters } from '../../aws/ssm-parameters';
import { runDetached } from '../../process/detached-worker';
import type { SignalSource } from '../../process/interrupts';
import { isProcessAlive, processId } from '../../process/liveness';
import { resolveArtifact } from '../../rollover/resolve-artifact';
import { runRollover } from '../../rollover/run-rollover';
import type { Release, RolloverDeps } from '../../rollover/rollover-types';
import { reportFailure } from '../../log/report-failure';
import { createConsoleLogger, type DeployLogger } from '../../log/logger';
import { systemClock } from '../../ports/clock';
import { renderProductionStartupScript } from '../../startup/production-script';
import { trapRolloverInterrupts } from './interrupts';
import { normalizeSettings } from './normalize-options';
import type { RolloverExecutorOptions } from './schema';
import type { RolloverJob } from './worker';

export interface RolloverRuntime {
  env: Record<string, string | undefined>;
  logger: DeployLogger;
  /** Replace the AWS adapters (tests). */
  ports?: Partial<Pick<RolloverDeps, 'compute' | 'loadBalancer' | 'parameters' | 'clock'>>;
  fetch?: typeof fetch;
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
    const release = kind === 'deploy' ? await resolveArtifact(options, env, context.root) : undefined;
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

/** The rollover itself, in this process: thin wiring around the engine (tests, dry runs, and the worker). */
export async function runRolloverExecutor(
  options: RolloverExecutorOptions,
  context: Pick<ExecutorContext, 'root'>,
  kind: 'deploy' | 'rollback',
  runtime: RolloverRuntime,
): Promise<{ success: boolean }> {
  const { env, logger } = runtime;
  const interrupts = trapRolloverInterrupts(logger, runtime.signals);
  try {
    const settings = normalizeSettings(options, kind, env);
    // Validated before any AWS call: a config error changes nothing (seed defect 5).
    const config = loadApiDeployConfig(settings.environment, env);
    if (kind === 'deploy') settings.release = runtime.release ?? (await resolveArtifact(options, env, context.root, runtime.fetch));
    // --call-timeout bounds one call in the adapters too (their retries), not only in the engine.
    const adapter = { logger, retry: settings.callTimeoutMs ? { budgetMs: settings.callTimeoutMs } : undefined };
    const deps: RolloverDeps = {
      compute: runtime.ports?.compute ?? createEc2Compute(config.region, env, adapter),
      loadBalancer: runtime.ports?.loadBalancer ?? createElbLoadBalancer(config.region, env, adapter),
      parameters: runtime.ports?.parameters ?? createSsmParameters(config.region, env),
      clock: runtime.ports?.clock ?? systemClock,
      logger,
      signal: interrupts.signal,
      processId: processId(),
      isProcessAlive,
      renderUserData: (release) =>
        renderProductionStartupScript({
          config,
          artifact: { url: release.artifactUrl, sha256: release.artifactSha256, gitSha: release.gitSha },
          circleToken: loadCiContext(env).token,
        }),
    };
    const outcome = await runRollover(config, settings, deps);
    return { success: outcome.success };
  } catch (err) {
    reportFailure(logger, err, kind === 'rollback' ? 'Rollback' : 'Rollover');
    return { success: false };
  } finally {
    interrupts.release();
  }
}
