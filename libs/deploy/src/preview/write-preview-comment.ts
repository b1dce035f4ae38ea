import type { Clock } from '../ports/clock';
import { PullRequestsError, type PullRequestComment, type PullRequests } from '../ports/pull-requests';
import type { DeployLogger } from '../log/logger';
import { PREVIEW_COMMENT_MARKER, parseCommentState, type PreviewCommentState } from './preview-comment';

/** The PR's preview comment as it is now, with the state line it carries. */
export interface PreviewCommentNow {
  comment?: PullRequestComment;
  state?: PreviewCommentState;
}

export async function readPreviewComment(pullRequests: PullRequests, pr: number): Promise<PreviewCommentNow> {
  const comment = await pullRequests.findMarkedComment(pr, PREVIEW_COMMENT_MARKER);
  return { comment, state: comment ? parseCommentState(comment.body) : undefined };
}

const ATTEMPTS = 3;

/**
 * Writes the ONE preview comment of a PR. `compose` sees the comment as it is now and returns
 * the new body, or undefined to leave it (a newer preview is linked already).
 *
 * A POST whose answer was lost (or that got a 5xx) may have created the comment anyway, so it
 * is never repeated blindly (the GitHub client does not retry POSTs): the next attempt looks
 * for the marked comment first and updates it when it is there. Three such attempts still
 * leave exactly one comment.
 */
export async function writePreviewComment(
  pullRequests: PullRequests,
  pr: number,
  compose: (now: PreviewCommentNow) => string | undefined,
  deps: { clock: Clock; logger: DeployLogger },
): Promise<{ outcome: 'created' | 'updated' | 'left'; comment?: PullRequestComment }> {
  for (let attempt = 1; ; attempt++) {
    const now = await readPreviewComment(pullRequests, pr);
    const body = compose(now);
    if (body === undefined) return { outcome: 'left', comment: now.comment };
    if (now.comment) return { outcome: 'updated', comment: await pullRequests.updateComment(now.comment.id, body) };
    try {
      return { outcome: 'created', comment: await pullRequests.createComment(pr, body) };
    } catch (err) {
      if (!mayHaveBeenCreated(err) || attempt >= ATTEMPTS) throw err;
      deps.logger.warn(`posting the preview comment on PR #${pr} got no clear answer (${(err as Error).message}); looking for it before trying again`);
      await deps.clock.sleep(2_000 * attempt);
    }
  }
}

function mayHaveBeenCreated(err: unknown): boolean {
  return err instanceof PullRequestsError && (err.status === undefined || err.status >= 500);
}
