import type { ExecutorContext } from '@nx/devkit';
import { loadPreviewDeployConfig, redactorForEnv } from '@eapd/config';
import { GitHubPullRequests } from '../../github/github-pull-requests';
import { createGitHubClient } from '../../github/octokit-client';
import { createConsoleLogger } from '../../log/logger';
import { formatPlan } from '../../plan/plan';
import { systemClock } from '../../ports/clock';
import { applyPreviewCleanup } from '../../preview/apply-preview-cleanup';
import { planPreviewCleanup } from '../../preview/plan-preview-cleanup';
import { reportFailure } from '../../log/report-failure';
import type { PreviewRuntime } from '../preview/executor';
import { repositoryFrom } from '../preview/normalize-options';
import type { PreviewCleanupExecutorOptions } from './schema';

/** `nx run api:preview-cleanup`: the hourly removal of closed PRs' previews. */
export default async function previewCleanupExecutor(options: PreviewCleanupExecutorOptions, context: ExecutorContext) {
  const redact = redactorForEnv(process.env);
  void context; // everything comes from options and the environment
  return runPreviewCleanup(options, { env: process.env, logger: createConsoleLogger({ redact }), redact });
}

export async function runPreviewCleanup(
  options: PreviewCleanupExecutorOptions,
  runtime: Omit<PreviewRuntime, 'health'>,
): Promise<{ success: boolean }> {
  const { env, logger } = runtime;
  const clock = runtime.clock ?? systemClock;
  try {
    const repository = repositoryFrom(options, env);
    const config = loadPreviewDeployConfig(env);
    const [owner, repo] = repository.split('/');
    // EC2's SDK client (~1 s to load) only once the configuration is known to be valid.
    const compute = runtime.compute?.(config) ?? (await import('../../aws/ec2-compute')).createEc2Compute(config.region, env, { logger });
    const pullRequests =
      runtime.pullRequests?.(config, repository) ??
      new GitHubPullRequests(createGitHubClient({ token: config.github.token, apiUrl: config.github.apiUrl, logger, clock }), owner, repo);
    const plan = await planPreviewCleanup({ compute, pullRequests });
    logger.info(formatPlan(plan));
    if (options.dryRun) {
      logger.info('\nDry run: nothing was changed.');
      // Unknown PR states are a failure even in a dry run: the real run would keep them too.
      if (plan.unknown.length === 0) return { success: true };
      logger.error(
        `GitHub could not tell the state of ${plan.unknown.map((u) => `PR #${u.pr}`).join(', ')}: ` +
          'a real run would keep their previews and exit non-zero, as this dry run does.',
      );
      return { success: false };
    }
    await applyPreviewCleanup(plan, { compute, pullRequests, clock, logger });
    return { success: true };
  } catch (err) {
    reportFailure(logger, err, 'Preview cleanup');
    return { success: false };
  }
}
