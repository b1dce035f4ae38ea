import { topLevelNxEnv } from './nx-process';

describe('topLevelNxEnv: a run a spec starts sees what a terminal or CI would, even inside `nx run deploy:test`', () => {
  it('drops what the enclosing Nx task set (its recursion-check root above all) and keeps everything else', () => {
    const inside = {
      PATH: '/usr/bin',
      HOME: '/root',
      CI: 'true',
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      STAGING_WEB_AWS_S3_BUCKET: 's3://site',
      // nx/src/tasks-runner/task-env.js, for a task of `nx affected -t test`:
      NX_INVOCATION_ROOT_PID: '4242',
      NX_TASK_TARGET_PROJECT: 'deploy',
      NX_TASK_TARGET_TARGET: 'test',
      NX_TASK_HASH: 'abc',
      NX_TERMINAL_OUTPUT_PATH: '/tmp/out',
      NX_TERMINAL_CAPTURE_STDERR: 'true',
      NX_STREAM_OUTPUT: 'true',
      NX_WORKSPACE_ROOT: '/work',
      NX_SKIP_NX_CACHE: 'true',
      LERNA_PACKAGE_NAME: 'deploy',
    };
    expect(topLevelNxEnv(inside)).toEqual({
      PATH: '/usr/bin', HOME: '/root', CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', STAGING_WEB_AWS_S3_BUCKET: 's3://site',
    });
  });
});
