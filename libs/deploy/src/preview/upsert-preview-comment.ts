import type { Clock } from '../ports/clock';
import type { Instance } from '../ports/compute';
import type { PullRequestComment, PullRequests } from '../ports/pull-requests';
import type { DeployLogger } from '../log/logger';
import type { PreviewDeployPlan } from './plan-preview-deploy';
import { PREVIEW_COMMENT_MARKER, deployedCommentBody, parseCommentState, type PreviewCommentState } from './preview-comment';

export async function readPreviewComment(
  pullRequests: PullRequests,
  pr: number,
): Promise<{ comment?: PullRequestComment; state?: PreviewCommentState }> {
  const comment = await pullRequests.findMarkedComment(pr, PREVIEW_COMMENT_MARKER);
  return { comment, state: comment ? parseCommentState(comment.body) : undefined };
}

/**
 * Creates the PR's preview comment or updates the one that exists. If the comment already
 * links a preview launched after ours (a newer push whose job finished first), it is left
 * alone: the newest preview wins whatever order the jobs finish in.
 */
export async function postDeployedComment(
  plan: PreviewDeployPlan,
  fresh: { instance: Instance; dns: string },
  deps: { pullRequests: PullRequests; clock: Clock; logger: DeployLogger },
): Promise<void> {
  const { pullRequests, clock, logger } = deps;
  const { pr, sha, waitHealthy } = plan.request;
  const { comment, state } = await readPreviewComment(pullRequests, pr);
  const launchedAt = fresh.instance.launchedAt.getTime();
  if (state && state.launchedAt > launchedAt && state.instanceId !== fresh.instance.id) {
    logger.warn(`the PR comment already links a newer preview (${state.instanceId}, ${state.sha.slice(0, 7)}); leaving it`);
    return;
  }
  const body = deployedCommentBody({ instanceId: fresh.instance.id, sha, launchedAt, dns: fresh.dns }, new Date(clock.now()), waitHealthy);
  const written = comment ? await pullRequests.updateComment(comment.id, body) : await pullRequests.createComment(pr, body);
  logger.info(`${comment ? 'updated' : 'posted'} the preview comment${written.url ? `: ${written.url}` : ''}`);
}
