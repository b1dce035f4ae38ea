import { loadCiContext } from '@eapd/config';
import { DeployError } from '../../log/errors';
import type { PreviewExecutorOptions } from './schema';

export interface NormalizedPreviewOptions {
  pr: number;
  sha: string;
  repository: string;
  dryRun: boolean;
  waitHealthy: boolean;
  healthTimeoutMs: number;
  runningTimeoutMs: number;
  instanceType: string;
}

/** The PR number at the end of CircleCI's CIRCLE_PULL_REQUEST URL (…/pull/123). */
export function prFromCircleUrl(url: string | undefined): number | undefined {
  const m = /\/pull\/(\d+)\/?$/.exec((url ?? '').trim());
  return m ? Number(m[1]) : undefined;
}

/** The repository as CircleCI names it; owner/name for GitHub. */
export function repositoryFrom(options: PreviewExecutorOptions, env: Record<string, string | undefined>): string {
  const ci = loadCiContext(env);
  const owner = (options.owner ?? ci.projectUsername ?? '').trim();
  const repo = (options.repo ?? ci.projectReponame ?? '').trim();
  if (!owner || !repo) {
    throw new DeployError('Which GitHub repository? Neither --owner/--repo nor CIRCLE_PROJECT_USERNAME/CIRCLE_PROJECT_REPONAME is set.', {
      hint: 'Pass --owner=<owner> --repo=<name>, or run inside CircleCI.',
    });
  }
  return `${owner}/${repo}`;
}

function seconds(name: string, value: number | undefined, fallback: number): number {
  const s = Number(value ?? fallback);
  if (!Number.isFinite(s) || s <= 0 || s > 6 * 3600) {
    throw new DeployError(`--${name} must be a number of seconds between 1 and 21600, got "${value}".`);
  }
  return s * 1000;
}

/** Options first, CircleCI's variables second; every problem is reported before anything runs. */
export function normalizePreviewOptions(options: PreviewExecutorOptions, env: Record<string, string | undefined>): NormalizedPreviewOptions {
  const ci = loadCiContext(env);
  const pr = options.pr ?? prFromCircleUrl(ci.pullRequest);
  if (pr === undefined || !Number.isInteger(Number(pr)) || Number(pr) <= 0) {
    throw new DeployError(
      ci.pullRequest !== undefined && options.pr === undefined
        ? `CIRCLE_PULL_REQUEST "${ci.pullRequest}" does not end in /pull/<number>.`
        : 'No pull request number: pass --pr=<n>, or run in a CircleCI build of a pull request (CIRCLE_PULL_REQUEST).',
      { hint: 'Preview jobs should only run for branches that are part of a pull request.' },
    );
  }
  const sha = String(options.sha ?? ci.sha1 ?? '').trim().toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(sha)) {
    throw new DeployError(`"${sha}" is not a full 40-hex commit SHA.`, {
      hint: 'Pass --sha=<commit> or run in CircleCI (CIRCLE_SHA1). Branch names are never used: they could carry shell code.',
    });
  }
  return {
    pr: Number(pr),
    sha,
    repository: repositoryFrom(options, env),
    dryRun: Boolean(options.dryRun),
    waitHealthy: options.waitHealthy !== false,
    healthTimeoutMs: seconds('health-timeout', options.healthTimeout, 1500),
    runningTimeoutMs: seconds('running-timeout', options.runningTimeout, 600),
    instanceType: (options.instanceType ?? 't3.medium').trim() || 't3.medium',
  };
}
