import { loadCiContext } from './ci-context';

describe('loadCiContext', () => {
  it('reads what CircleCI sets, blank as unset', () => {
    expect(loadCiContext({})).toEqual({});
    expect(
      loadCiContext({
        CIRCLE_SHA1: ' abc ', CIRCLE_TAG: 'v1.2.3', CIRCLE_USERNAME: 'octo-dev', CIRCLE_PROJECT_USERNAME: 'org', CIRCLE_PROJECT_REPONAME: 'repo',
        CIRCLE_BUILD_URL: 'https://circleci.com/gh/org/repo/7', CIRCLE_JOB: 'deploy',
        CIRCLE_PULL_REQUEST: 'https://github.com/org/repo/pull/3', CIRCLE_TOKEN: 'tok', CIRCLE_BRANCH: 'main',
      }),
    ).toEqual({
      sha1: 'abc', tag: 'v1.2.3', username: 'octo-dev', projectUsername: 'org', projectReponame: 'repo',
      buildUrl: 'https://circleci.com/gh/org/repo/7', job: 'deploy', pullRequest: 'https://github.com/org/repo/pull/3',
    });
    expect(loadCiContext({ CIRCLE_SHA1: '  ' }).sha1).toBeUndefined();
  });

  it('never carries the CircleCI token: nothing the deploy does needs it, and no instance may get it', () => {
    expect(JSON.stringify(loadCiContext({ CIRCLE_TOKEN: 'circle-token-value' }))).not.toContain('circle-token-value');
  });
});
