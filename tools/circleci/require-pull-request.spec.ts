import { pullRequestNumber, requirePullRequest } from './require-pull-request';

describe('require-pull-request', () => {
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('reads the PR number from CIRCLE_PULL_REQUEST (or CIRCLE_PR_NUMBER on forks)', () => {
    expect(pullRequestNumber({ CIRCLE_PULL_REQUEST: 'https://github.com/org/repo/pull/42' })).toBe(42);
    expect(pullRequestNumber({ CIRCLE_PR_NUMBER: '7' })).toBe(7);
    expect(pullRequestNumber({})).toBeUndefined();
    expect(pullRequestNumber({ CIRCLE_PULL_REQUEST: 'https://github.com/org/repo/tree/x' })).toBeUndefined();
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
