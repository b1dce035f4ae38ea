import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { loadPreviewDeployConfig, loadReleasesConfig, redactorForEnv, type PreviewDeployConfig } from '@eapd/config';
import type { Parameters } from '../../ports/parameters';
import { GitHubPullRequests } from '../../github/github-pull-requests';
import { createGitHubClient } from '../../github/octokit-client';
import { reportFailure } from '../../log/report-failure';
import { createConsoleLogger, type DeployLogger } from '../../log/logger';
import { formatPlan } from '../../plan/plan';
import { systemClock, type Clock } from '../../ports/clock';
import type { Compute, SubnetLookup } from '../../ports/compute';
import type { PullRequests } from '../../ports/pull-requests';
import { applyPreviewDeploy } from '../../preview/apply-preview-deploy';
import type { HealthProbe } from '../../preview/health-probe';
import { createHttpsHealthProbe } from '../../preview/https-health-probe';
import { planPreviewDeploy } from '../../preview/plan-preview-deploy';
import { withInterruptSignal } from '../../preview/interrupt-signal';
import { presignReleaseDownloads } from '../../preview/release-downloads';
import { readRelease } from '../../releases/read-release';
import { openReleasesBucket, type ReleasesBucket } from '../../releases/releases-store';
import { normalizePreviewOptions } from './normalize-options';
import type { PreviewJob } from './worker';
import { runDetached } from '../../process/detached-worker';
import type { SignalSource } from '../../process/interrupts';
import type { PreviewExecutorOptions } from './schema';

/** What the executor builds from the environment; tests hand in fakes. */
export interface PreviewRuntime {
  env: Record<string, string | undefined>;
  logger: DeployLogger;
  redact?: (text: string) => string;
  clock?: Clock;
  compute?: (config: PreviewDeployConfig) => Compute & SubnetLookup;
  parameters?: (config: PreviewDeployConfig) => Parameters;
  pullRequests?: (config: PreviewDeployConfig, repository: string) => PullRequests;
  health?: HealthProbe;
  /** Base folder for relative paths such as `urlFile` (default: the current directory). */
  root?: string;
  /** The releases bucket (tests); default from RELEASES_AWS_*. */
  bucket?: ReleasesBucket;
  /** The signals of the detached worker this runs in (default: this process's own). */
  signals?: SignalSource;
}

/**
 * `nx run api:preview`: deploy this PR's commit as a preview and link it on the PR. Options
 * and config are checked here; the deploy runs in a detached worker whose log is streamed
 * here, so that after Ctrl-C or a CI cancel its new instance is still removed and the PR told,
 * although Nx kills this process about 5 s after the signal. A dry run runs here.
 */
export default async function previewExecutor(options: PreviewExecutorOptions, context: ExecutorContext) {
  const env = process.env;
  const redact = redactorForEnv(env);
  const logger = createConsoleLogger({ redact });
  if (options.dryRun) return runPreview(options, { env, logger, redact, root: context.root });
  try {
    normalizePreviewOptions(options, env);
    loadPreviewDeployConfig(env);
    loadReleasesConfig(env);
    const job: PreviewJob = { options, root: context.root };
    return await runDetached({
      entry: require.resolve('./worker'),
      payload: job,
      cwd: context.root,
      what: 'preview deploy',
      onInterrupt: 'it terminates the new preview instance, keeps the current preview and says so on the PR.',
      logger,
    });
  } catch (err) {
    reportFailure(logger, err, 'Preview deploy');
    return { success: false };
  }
}

export async function runPreview(options: PreviewExecutorOptions, runtime: PreviewRuntime): Promise<{ success: boolean }> {
  const { env, logger } = runtime;
  const clock = runtime.clock ?? systemClock;
  try {
    const o = normalizePreviewOptions(options, env);
    const config = loadPreviewDeployConfig(env);
    const bucket = runtime.bucket ?? openReleasesBucket(loadReleasesConfig(env), env);
    const [owner, repo] = o.repository.split('/');
    // The SDK clients (~1 s to load) only once the configuration is known to be valid.
    const compute = runtime.compute?.(config) ?? (await import('../../aws/ec2-compute')).createEc2Compute(config.region, env, { logger });
    const parameters = runtime.parameters?.(config) ?? (await import('../../aws/ssm-parameters')).createSsmParameters(config.region, env);
    const pullRequests =
      runtime.pullRequests?.(config, o.repository) ??
      new GitHubPullRequests(createGitHubClient({ token: config.github.token, apiUrl: config.github.apiUrl, logger, clock }), owner, repo);
    // The preview runs the release CI published for this commit: nothing is built on the instance.
    const manifest = await readRelease(bucket, o.sha);
    const release = await presignReleaseDownloads(bucket, manifest, Math.ceil((o.runningTimeoutMs + o.healthTimeoutMs) / 1000) + 600);
    const plan = await planPreviewDeploy({ ...o, config, release }, { compute, clock, parameters });
    logger.info(formatPlan(plan));
    if (o.dryRun) {
      logger.info('\nDry run: nothing was changed.');
      return { success: true };
    }
    const result = await withInterruptSignal((signal) =>
      applyPreviewDeploy(plan, {
        compute,
        parameters,
        pullRequests,
        health: runtime.health ?? createHttpsHealthProbe(),
        clock,
        logger,
        signal,
        redact: runtime.redact,
      }),
      runtime.signals,
    );
    logger.info(`\nPreview of ${o.sha.slice(0, 7)} for PR #${o.pr}: ${result.url}`);
    if (options.urlFile) writeUrlFile(options.urlFile, result.url, runtime.root);
    return { success: true };
  } catch (err) {
    reportFailure(logger, err, 'Preview deploy');
    return { success: false };
  }
}

/** For the next CI job (the ZAP scan), which runs on another machine with the workspace attached. */
function writeUrlFile(file: string, url: string, root = process.cwd()): void {
  const path = resolve(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, url + '\n');
}

