import type { Octokit } from '@octokit/rest';
import {
  PullRequestsError,
  type PullRequestComment,
  type PullRequestInfo,
  type PullRequests,
} from '../ports/pull-requests';

/** The PullRequests port over GitHub's REST API, for one repository. */
export class GitHubPullRequests implements PullRequests {
  readonly repository: string;

  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string,
  ) {
    this.repository = `${owner}/${repo}`;
  }

  async getPullRequest(pr: number): Promise<PullRequestInfo> {
    const { data } = await this.call(`read PR #${pr}`, () =>
      this.octokit.rest.pulls.get({ owner: this.owner, repo: this.repo, pull_number: pr }),
    );
    const state = data.merged_at || data.merged ? 'merged' : data.state === 'open' ? 'open' : 'closed';
    return { number: data.number, state, headSha: data.head.sha };
  }

  async findMarkedComment(pr: number, marker: string): Promise<PullRequestComment | undefined> {
    return this.call(`read the comments of PR #${pr}`, async () => {
      // Comments come oldest first; the iterator stops at the first match and otherwise
      // reads every page (the seed read only the first 30 comments, defect #28).
      const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listComments, {
        owner: this.owner,
        repo: this.repo,
        issue_number: pr,
        per_page: 100,
      });
      for await (const page of pages) {
        const hit = page.data.find((c) => (c.body ?? '').trimStart().startsWith(marker));
        if (hit) return { id: hit.id, body: hit.body ?? '', url: hit.html_url };
      }
      return undefined;
    });
  }

  async createComment(pr: number, body: string): Promise<PullRequestComment> {
    const { data } = await this.call(`comment on PR #${pr}`, () =>
      this.octokit.rest.issues.createComment({ owner: this.owner, repo: this.repo, issue_number: pr, body }),
    );
    return { id: data.id, body: data.body ?? '', url: data.html_url };
  }

  async updateComment(commentId: number, body: string): Promise<PullRequestComment> {
    const { data } = await this.call(`update comment ${commentId}`, () =>
      this.octokit.rest.issues.updateComment({ owner: this.owner, repo: this.repo, comment_id: commentId, body }),
    );
    return { id: data.id, body: data.body ?? '', url: data.html_url };
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const e = err as { status?: number; message?: string; response?: unknown };
      const status = e.response ? e.status : undefined;
      const answer = status ? `answered HTTP ${status}` : 'could not be reached';
      throw new PullRequestsError(
        `Could not ${what} in ${this.repository}: GitHub ${answer} (${e.message ?? String(err)})`,
        status,
        { cause: err },
      );
    }
  }
}
