import type { Clock } from '../ports/clock';
import type { Instance } from '../ports/compute';
import type { PullRequests } from '../ports/pull-requests';
import type { DeployLogger } from '../log/logger';
import type { PreviewDeployPlan } from './plan-preview-deploy';
import { deployedCommentBody } from './preview-comment';
import { writePreviewComment } from './write-preview-comment';

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
  const launchedAt = fresh.instance.launchedAt.getTime();
  const written = await writePreviewComment(
    pullRequests,
    pr,
    ({ state }) => {
      if (state && state.launchedAt > launchedAt && state.instanceId !== fresh.instance.id) {
        logger.warn(`the PR comment already links a newer preview (${state.instanceId}, ${state.sha.slice(0, 7)}); leaving it`);
        return undefined;
      }
      return deployedCommentBody({ instanceId: fresh.instance.id, sha, launchedAt, dns: fresh.dns }, new Date(clock.now()), waitHealthy);
    },
    deps,
  );
  if (written.outcome === 'left') return;
  logger.info(`${written.outcome === 'updated' ? 'updated' : 'posted'} the preview comment${written.comment?.url ? `: ${written.comment.url}` : ''}`);
}
