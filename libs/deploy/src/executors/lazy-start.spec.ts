import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');

/**
 * Each case runs an executor in a fresh Node process (as Nx does) with no configuration at all,
 * then prints which AWS SDK clients got loaded. A configuration error must come before any:
 * loading EC2's client alone takes about a second.
 */
function loadedAfterConfigError(call: string): { clients: string[]; success: boolean } {
  const script = `
    const logger = { interactive: false, info() {}, warn() {}, error() {}, section() {}, progress() {} };
    (async () => {
      const result = await ${call};
      const clients = Object.keys(require.cache).map((p) => /@aws-sdk\\/(client-[\\w-]+|lib-storage)\\//.exec(p)?.[1]).filter(Boolean);
      process.stdout.write(JSON.stringify({ clients: [...new Set(clients)], success: result.success }));
    })();`;
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: root,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], SWC_NODE_PROJECT: join(root, 'tsconfig.base.json') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const json = run.stdout.slice(run.stdout.indexOf('{'));
  if (!json) throw new Error(`no result (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(json);
}

describe('executors load the AWS SDK only once the configuration is valid', () => {
  jest.setTimeout(300_000);
  const src = (path: string) => `require('./libs/deploy/src/executors/${path}')`;

  it.each([
    ['web:deploy (s3-sync)', `${src('s3-sync/executor')}.runS3Sync({ environment: 'staging', skipBuild: true }, { root: process.cwd() }, { env: {}, logger })`],
    ['api:deploy (rollover)', `${src('rollover/executor')}.runRolloverExecutor({ environment: 'staging' }, { root: process.cwd() }, 'deploy', { env: {}, logger })`],
    ['api:preview', `${src('preview/executor')}.runPreview({ pr: 1, sha: 'a'.repeat(40) }, { env: {}, logger })`],
    ['api:preview-cleanup', `${src('preview-cleanup/executor')}.runPreviewCleanup({}, { env: {}, logger })`],
  ])('%s: a configuration error loads no AWS SDK client', (_name, call) => {
    expect(loadedAfterConfigError(call)).toEqual({ clients: [], success: false });
  });
});
