import type { ExecutorContext } from '@nx/devkit';
import { loadApiDeployConfig, redactorForEnv } from '@eapd/config';
import { createEc2Compute } from '../../aws/ec2-compute';
import { createElbLoadBalancer } from '../../aws/elb-load-balancer';
import { resolveArtifact } from '../../rollover/resolve-artifact';
import { runRollover } from '../../rollover/run-rollover';
import type { RolloverDeps } from '../../rollover/rollover-types';
import { reportFailure } from '../../log/report-failure';
import { createConsoleLogger, type DeployLogger } from '../../log/logger';
import { systemClock } from '../../ports/clock';
import { renderProductionStartupScript } from '../../startup/production-script';
import { trapRolloverInterrupts } from './interrupts';
import { normalizeSettings } from './normalize-options';
import type { RolloverExecutorOptions } from './schema';

export interface RolloverRuntime {
  env: Record<string, string | undefined>;
  logger: DeployLogger;
  /** Replace the AWS adapters (tests). */
  ports?: Partial<Pick<RolloverDeps, 'compute' | 'loadBalancer' | 'clock'>>;
  fetch?: typeof fetch;
}

/** `nx run api:deploy:<env>`: roll the API over to a new release. */
export default async function rolloverExecutor(options: RolloverExecutorOptions, context: ExecutorContext) {
  const env = process.env;
  return runRolloverExecutor(options, context, 'deploy', { env, logger: createConsoleLogger({ redact: redactorForEnv(env) }) });
}

/** Shared by `api:deploy` and `api:rollback`: thin wiring around the engine. */
export async function runRolloverExecutor(
  options: RolloverExecutorOptions,
  context: Pick<ExecutorContext, 'root'>,
  kind: 'deploy' | 'rollback',
  runtime: RolloverRuntime,
): Promise<{ success: boolean }> {
  const { env, logger } = runtime;
  const interrupts = trapRolloverInterrupts(logger);
  try {
    const settings = normalizeSettings(options, kind, env);
    // Validated before any AWS call: a config error changes nothing (seed defect 5).
    const config = loadApiDeployConfig(settings.environment, env);
    if (kind === 'deploy') settings.release = await resolveArtifact(options, env, context.root, runtime.fetch);
    const deps: RolloverDeps = {
      compute: runtime.ports?.compute ?? createEc2Compute(config.region, env, { logger }),
      loadBalancer: runtime.ports?.loadBalancer ?? createElbLoadBalancer(config.region, env, { logger }),
      clock: runtime.ports?.clock ?? systemClock,
      logger,
      signal: interrupts.signal,
      renderUserData: (release) =>
        renderProductionStartupScript({
          config,
          artifact: { url: release.artifactUrl, sha256: release.artifactSha256, gitSha: release.gitSha },
          circleToken: env['CIRCLE_TOKEN'] || undefined,
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
