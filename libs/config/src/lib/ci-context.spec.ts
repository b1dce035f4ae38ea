import { loadCiContext } from './ci-context';
import { problemLines } from './test/fixtures';

describe('loadCiContext', () => {
  it('reads what CircleCI sets, blank as unset, with the API URL defaulted', () => {
    expect(loadCiContext({})).toEqual({ apiUrl: 'https://circleci.com/api/v2', projectVcs: 'gh' });
    expect(
      loadCiContext({
        CIRCLE_SHA1: ' abc ', CIRCLE_WORKFLOW_ID: 'wf', CIRCLE_PROJECT_USERNAME: 'org', CIRCLE_PROJECT_REPONAME: 'repo',
        CIRCLE_PROJECT_VCS: 'bb', CIRCLE_BUILD_URL: 'https://circleci.com/gh/org/repo/7', CIRCLE_JOB: 'deploy',
        CIRCLE_PULL_REQUEST: 'https://github.com/org/repo/pull/3', CIRCLE_TOKEN: ' tok ', CIRCLECI_API_URL: 'https://ci.example/api/v2/', CIRCLE_BRANCH: 'main',
      }),
    ).toEqual({
      sha1: 'abc', workflowId: 'wf', projectUsername: 'org', projectReponame: 'repo', projectVcs: 'bb',
      buildUrl: 'https://circleci.com/gh/org/repo/7', job: 'deploy', pullRequest: 'https://github.com/org/repo/pull/3',
      // A token is used byte for byte (libs/config never trims a secret).
      token: ' tok ', apiUrl: 'https://ci.example/api/v2',
    });
    expect(loadCiContext({ CIRCLE_SHA1: '  ' }).sha1).toBeUndefined();
  });

  it('refuses a CircleCI API URL that is not one, without quoting credentials', () => {
    expect(problemLines(() => loadCiContext({ CIRCLECI_API_URL: 'circleci.com' }))).toEqual([
      'CIRCLECI_API_URL: expected an absolute http:// or https:// URL, got "circleci.com"',
    ]);
    expect(problemLines(() => loadCiContext({ CIRCLECI_API_URL: 'https://u:pw-LEAK@ci.example' })).join('\n')).not.toContain('pw-LEAK');
  });
});
