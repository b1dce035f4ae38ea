/**
 * The pull-request port: the few GitHub operations previews need, in our own words, for one
 * repository. The adapter (github/github-pull-requests.ts) translates; the engine never sees
 * an Octokit type.
 */

export type PullRequestState = 'open' | 'closed' | 'merged';

export interface PullRequestInfo {
  number: number;
  state: PullRequestState;
  /** The commit at the head of the PR's branch. */
  headSha: string;
}

export interface PullRequestComment {
  id: number;
  body: string;
  /** Link to the comment, for log lines. */
  url?: string;
}

export interface PullRequests {
  /** "owner/name", for messages. */
  readonly repository: string;
  /** The PR's state. Throws PullRequestsError when GitHub cannot answer (never guesses). */
  getPullRequest(pr: number): Promise<PullRequestInfo>;
  /**
   * The oldest comment on the PR whose body starts with `marker`, reading EVERY page of
   * comments; undefined when there is none.
   */
  findMarkedComment(pr: number, marker: string): Promise<PullRequestComment | undefined>;
  createComment(pr: number, body: string): Promise<PullRequestComment>;
  updateComment(commentId: number, body: string): Promise<PullRequestComment>;
}

/** GitHub could not be reached or answered an error. */
export class PullRequestsError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PullRequestsError';
  }
}
