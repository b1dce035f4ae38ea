import { FakeClock } from '../../testing/fake-clock';
import { MemoryLogger } from '../../testing/memory-logger';
import { PullRequestsError } from '../ports/pull-requests';
import { GitHubPullRequests } from './github-pull-requests';
import { createGitHubClient } from './octokit-client';
import { FakeGitHubServer } from '../../testing/fake-github-server';

describe('GitHubPullRequests through the real Octokit client', () => {
  let github: FakeGitHubServer;
  let clock: FakeClock;
  let logger: MemoryLogger;
  let prs: GitHubPullRequests;

  beforeEach(async () => {
    github = await new FakeGitHubServer().start();
    clock = new FakeClock();
    logger = new MemoryLogger();
    const octokit = createGitHubClient({ token: github.token, apiUrl: github.baseUrl, clock, logger });
    prs = new GitHubPullRequests(octokit, github.owner, github.repo);
  });
  afterEach(() => github.stop());

  it('reads open, closed and merged states, authenticated with the token', async () => {
    github.addPull(1, { headSha: 'b'.repeat(40) });
    github.addPull(2, { state: 'closed' });
    github.addPull(3, { state: 'closed', merged: true });
    await expect(prs.getPullRequest(1)).resolves.toEqual({ number: 1, state: 'open', headSha: 'b'.repeat(40) });
    expect((await prs.getPullRequest(2)).state).toBe('closed');
    expect((await prs.getPullRequest(3)).state).toBe('merged');
    expect(github.requests.every((r) => r.authorization === `token ${github.token}`)).toBe(true);
  });

  it('finds the marked comment on a later page, not by user name', async () => {
    github.addPull(5);
    for (let i = 0; i < 230; i++) github.addComment(5, `chatter ${i} <!-- eapd-preview -->`, 'preview-bot');
    const marked = github.addComment(5, '<!-- eapd-preview -->\nPreview here', 'another-bot');
    github.addComment(5, '<!-- eapd-preview -->\nsecond marked comment');
    const found = await prs.findMarkedComment(5, '<!-- eapd-preview -->');
    expect(found?.id).toBe(marked.id);
    expect(github.requests.filter((r) => r.path.includes('/issues/5/comments')).length).toBe(3);
  });

  it('returns undefined after reading every page when no comment is marked', async () => {
    github.addPull(6);
    for (let i = 0; i < 150; i++) github.addComment(6, `comment ${i}`);
    await expect(prs.findMarkedComment(6, '<!-- eapd-preview -->')).resolves.toBeUndefined();
    expect(github.requests.filter((r) => r.path.includes('/issues/6/comments')).length).toBe(2);
  });

  it('creates and updates a comment', async () => {
    github.addPull(7);
    const created = await prs.createComment(7, '<!-- eapd-preview -->\nfirst');
    await prs.updateComment(created.id, '<!-- eapd-preview -->\nsecond');
    expect(github.commentsOn(7).map((c) => c.body)).toEqual(['<!-- eapd-preview -->\nsecond']);
  });

  it('waits out a rate limit using retry-after, then succeeds', async () => {
    github.addPull(8);
    github.fail(/\/pulls\/8$/, 429, { times: 1, headers: { 'retry-after': '7' } });
    const t0 = clock.now();
    await expect(prs.getPullRequest(8)).resolves.toMatchObject({ state: 'open' });
    expect(clock.now() - t0).toBe(7000);
    expect(logger.text).toMatch(/rate limit.*retrying in 7 s/);
  });

  it('refuses to wait for a rate-limit reset beyond its bound', async () => {
    github.addPull(9);
    const reset = Math.floor(clock.now() / 1000) + 3600;
    github.fail(/\/pulls\/9$/, 403, { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } });
    await expect(prs.getPullRequest(9)).rejects.toThrow(/answered HTTP 403/);
    expect(github.requests.filter((r) => r.path.endsWith('/pulls/9')).length).toBe(1);
  });

  it('retries a 500 a bounded number of times, then reports it as a PullRequestsError', async () => {
    github.addPull(10);
    github.fail(/\/pulls\/10$/, 500);
    const err = await prs.getPullRequest(10).catch((e) => e);
    expect(err).toBeInstanceOf(PullRequestsError);
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/read PR #10 in acme\/eapd: GitHub answered HTTP 500/);
    expect(github.requests.filter((r) => r.path.endsWith('/pulls/10')).length).toBe(4);
    // The retry warnings name the PR, not the route template.
    expect(logger.text).toContain('GitHub answered 500 for GET /repos/acme/eapd/pulls/10; retrying in');
  });

  it('never repeats a POST that got no answer or a 5xx (it may have been carried out), but does repeat reads', async () => {
    github.addPull(11);
    github.loseResponses(/\/issues\/11\/comments$/, { method: 'POST', times: 1 });
    const lost = await prs.createComment(11, 'hello').catch((e) => e);
    expect(lost).toBeInstanceOf(PullRequestsError);
    expect(lost.status).toBeUndefined();
    github.fail(/\/issues\/11\/comments$/, 502, { method: 'POST', times: 1 });
    await expect(prs.createComment(11, 'again')).rejects.toMatchObject({ status: 502 });
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(github.commentsOn(11).map((c) => c.body)).toEqual(['hello']);
    github.loseResponses(/\/issues\/11\/comments$/, { method: 'GET', times: 2 });
    await expect(prs.findMarkedComment(11, 'hello')).resolves.toMatchObject({ body: 'hello' });
  });

  it('does not retry a 404', async () => {
    await expect(prs.getPullRequest(404)).rejects.toMatchObject({ status: 404 });
    expect(github.requests.length).toBe(1);
  });

  it('reports an unreachable GitHub without a status', async () => {
    await github.stop();
    const err = await prs.getPullRequest(1).catch((e) => e);
    expect(err).toBeInstanceOf(PullRequestsError);
    expect(err.status).toBeUndefined();
    expect(err.message).toMatch(/could not be reached/);
  });
});

describe('createGitHubClient', () => {
  it('uses the public API unless GITHUB_API_URL says otherwise (GitHub Enterprise)', () => {
    expect(createGitHubClient({ token: 't0ken' }).request.endpoint.DEFAULTS.baseUrl).toBe('https://api.github.com');
    const ghe = createGitHubClient({ token: 't0ken', apiUrl: 'https://ghe.example.gov/api/v3/' });
    expect(ghe.request.endpoint.DEFAULTS.baseUrl).toBe('https://ghe.example.gov/api/v3');
  });

  it('refuses to build an unauthenticated client (the anonymous limit is 60 requests an hour)', () => {
    expect(() => createGitHubClient({ token: '' })).toThrow(/token is required/);
  });
});
