import type { Clock } from '../ports/clock';
import type { Compute } from '../ports/compute';
import type { PullRequests } from '../ports/pull-requests';
import { DeployError } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import type { PreviewCleanupPlan } from './plan-preview-cleanup';
import { PREVIEW_COMMENT_MARKER, removedCommentBody } from './preview-comment';

export interface PreviewCleanupResult {
  terminated: string[];
  /** Problems that make the job exit non-zero (after everything else was done). */
  problems: string[];
}

/**
 * Removes the previews of closed/merged PRs, one PR at a time so one failure does not stop
 * the others; then fails if any PR's state was unknown or any step went wrong.
 */
export async function applyPreviewCleanup(
  plan: PreviewCleanupPlan,
  deps: { compute: Compute; pullRequests: PullRequests; clock: Clock; logger: DeployLogger },
): Promise<PreviewCleanupResult> {
  const { compute, pullRequests, clock, logger } = deps;
  const terminated: string[] = [];
  const problems = plan.unknown.map(
    ({ pr, instanceIds, error }) => `PR #${pr}: state unknown, kept ${instanceIds.join(', ')} (${error})`,
  );
  for (const untagged of plan.untagged) {
    logger.warn(`${untagged.id} is tagged environment=preview but has no usable github-pr tag; left running — check it by hand`);
  }
  for (const [i, step] of plan.steps.entries()) {
    logger.section(`${i + 1}/${plan.steps.length} ${step.summary}`);
    try {
      await compute.terminate(step.instanceIds);
      terminated.push(...step.instanceIds);
      logger.info(`terminated ${step.instanceIds.join(', ')}`);
    } catch (err) {
      problems.push(`PR #${step.pr}: could not terminate ${step.instanceIds.join(', ')} (${messageOf(err)})`);
      continue;
    }
    try {
      const comment = await pullRequests.findMarkedComment(step.pr, PREVIEW_COMMENT_MARKER);
      const body = removedCommentBody({ number: step.pr, state: step.prState }, step.instanceIds, new Date(clock.now()));
      if (comment) {
        await pullRequests.updateComment(comment.id, body);
        logger.info(`marked the preview comment on PR #${step.pr} "removed"`);
      } else {
        logger.info(`PR #${step.pr} has no preview comment to update`);
      }
    } catch (err) {
      problems.push(`PR #${step.pr}: terminated, but the comment could not be updated (${messageOf(err)})`);
    }
  }
  logger.info(`\nTerminated ${terminated.length} preview instance(s) of ${plan.steps.length} closed or merged PR(s).`);
  if (problems.length) {
    throw Object.assign(
      new DeployError(`Preview cleanup finished with ${problems.length} problem(s):\n  ${problems.join('\n  ')}`, {
        hint: 'Previews of PRs whose state is unknown were kept; the next hourly run tries again. Check GITHUB_TOKEN and GitHub status if this repeats.',
      }),
      { result: { terminated, problems } },
    );
  }
  return { terminated, problems };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
