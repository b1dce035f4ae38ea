import { Octokit } from '@octokit/rest';
import type { Clock } from '../ports/clock';
import { systemClock } from '../ports/clock';
import type { DeployLogger } from '../log/logger';
import { DEFAULT_RETRY_SETTINGS, decideRetry, type RetrySettings } from './retry-policy';

export const PUBLIC_GITHUB_API_URL = 'https://api.github.com';

export interface GitHubClientOptions {
  token: string;
  /** GITHUB_API_URL (GitHub Enterprise: https://host/api/v3); default the public API. */
  apiUrl?: string;
  logger?: DeployLogger;
  clock?: Clock;
  retry?: Partial<RetrySettings>;
  /** Per-request time limit: nothing waits forever. */
  requestTimeoutMs?: number;
}

interface ErrorLike {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

/**
 * An authenticated Octokit whose every request is retried on rate limits (honouring
 * retry-after / x-ratelimit-reset), and every idempotent one also on 5xx and dropped
 * connections, within a bounded budget. A POST that got a 5xx or no answer may have
 * created what it posted: it is not repeated here (see preview/write-preview-comment.ts).
 * @octokit/plugin-throttling and plugin-retry are not installed here; this hook does the
 * part of their job we need.
 */
export function createGitHubClient(options: GitHubClientOptions): Octokit {
  if (!options.token) throw new Error('createGitHubClient: a GitHub token is required');
  const clock = options.clock ?? systemClock;
  const settings: RetrySettings = { ...DEFAULT_RETRY_SETTINGS, ...options.retry };
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: (options.apiUrl || PUBLIC_GITHUB_API_URL).replace(/\/+$/, ''),
    userAgent: 'eapd-deploy',
    // Octokit's own logger prints to the console unredacted; we report failures ourselves.
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });

  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request({
          ...requestOptions,
          request: { ...requestOptions.request, signal: AbortSignal.timeout(timeoutMs) },
        });
      } catch (err) {
        const e = err as ErrorLike;
        // Octokit reports a failed fetch as status 500 without a response; treat both alike.
        const status = e.response ? e.status : undefined;
        const idempotent = requestOptions.method !== 'POST';
        const decision = decideRetry({ status, headers: e.response?.headers ?? {}, idempotent }, attempt, clock.now(), settings);
        if (!decision.retry) throw err;
        options.logger?.warn(
          `${decision.reason} for ${requestOptions.method} ${expandedPath(() => octokit.request.endpoint.parse(requestOptions).url, requestOptions.url)}; retrying in ` +
            `${Math.ceil(decision.waitMs / 1000)} s (attempt ${attempt + 1} of ${settings.maxAttempts})`,
        );
        await clock.sleep(decision.waitMs);
      }
    }
  });
  return octokit;
}

/** "/repos/acme/eapd/pulls/8" rather than the route template, so the log names the PR. */
function expandedPath(expand: () => string, template: string): string {
  try {
    return new URL(expand()).pathname;
  } catch {
    return template;
  }
}
