import { isForkedPullRequest, pullRequestNumber, requirePullRequest } from './require-pull-request';

describe('require-pull-request', () => {
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('reads the PR number from CIRCLE_PULL_REQUEST (or CIRCLE_PR_NUMBER on forks)', () => {
    expect(pullRequestNumber({ CIRCLE_PULL_REQUEST: 'https://github.com/org/repo/pull/42' })).toBe(42);
    expect(pullRequestNumber({ CIRCLE_PR_NUMBER: '7' })).toBe(7);
    expect(pullRequestNumber({})).toBeUndefined();
    expect(pullRequestNumber({ CIRCLE_PULL_REQUEST: 'https://github.com/org/repo/tree/x' })).toBeUndefined();
  });

  it('detects a pull request from a fork (CIRCLE_PR_* variables, branch pull/<n>) and never continues to a preview', () => {
    const fork = { CIRCLE_PULL_REQUEST: 'https://github.com/org/repo/pull/9', CIRCLE_PR_USERNAME: 'someone', CIRCLE_PR_REPONAME: 'repo', CIRCLE_PR_NUMBER: '9', CIRCLE_BRANCH: 'pull/9' };
    expect(isForkedPullRequest(fork)).toBe(true);
    expect(isForkedPullRequest({ CIRCLE_BRANCH: 'pull/12' })).toBe(true);
    expect(isForkedPullRequest({ CIRCLE_PULL_REQUEST: 'https://github.com/org/repo/pull/9', CIRCLE_BRANCH: 'feature/pull/9' })).toBe(false);
    const out: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
    expect(requirePullRequest([], fork)).toBe(3);
    expect(out.join('\n')).toMatch(/comes from a fork from someone\/repo[\s\S]*No preview is deployed/);
    expect(requirePullRequest(['--explain-fork'], fork)).toBe(0);
    expect(out.at(-1)).toMatch(/withholds from forked pull requests/);
  });

  it('continues (exit 0) with a pull request and reports 3 without one', () => {
    expect(requirePullRequest([], { CIRCLE_PULL_REQUEST: 'https://github.com/org/repo/pull/42' })).toBe(0);
    expect(requirePullRequest([], { CIRCLE_BRANCH: 'feature/x' })).toBe(3);
  });

  it('with --halt and no PR, halts the job (and says why when it cannot)', () => {
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      expect(() => requirePullRequest(['--halt'], { CIRCLE_BRANCH: 'feature/x' })).toThrow(/circleci-agent step halt/);
      expect(requirePullRequest(['--halt'], { CIRCLE_PULL_REQUEST: 'https://github.com/o/r/pull/1' })).toBe(0);
    } finally {
      process.env['PATH'] = path;
    }
  });
});
