import type { ExecutorContext } from '@nx/devkit';
import { MemoryLogger } from '../../testing/memory-logger';
import { DeployError } from '../log/errors';
import { runWebBuild, type ExecutorRunner } from './web-build';

const context = { root: '/workspace' } as ExecutorContext;

/** A stand-in for @nx/devkit's runExecutor that records what it was asked and what the environment held. */
function runner(results: boolean[] | Error) {
  const calls: Array<{ target: unknown; env: Record<string, string | undefined> }> = [];
  const run: ExecutorRunner = async (target) => {
    calls.push({ target, env: { WEB_API_URL: process.env['WEB_API_URL'], NODE_ENV: process.env['NODE_ENV'] } });
    if (results instanceof Error) throw results;
    return (async function* () {
      for (const success of results) yield { success };
    })();
  };
  return { run, calls };
}

describe('runWebBuild (web:build:production in the executor process, no nested `npx nx`)', () => {
  const before = { WEB_API_URL: process.env['WEB_API_URL'], NODE_ENV: process.env['NODE_ENV'] };
  afterEach(() => expect({ WEB_API_URL: process.env['WEB_API_URL'], NODE_ENV: process.env['NODE_ENV'] }).toEqual(before));

  it('runs the web project\'s production build with the variables set, then restores the environment', async () => {
    const { run, calls } = runner([true]);
    await runWebBuild({ WEB_API_URL: 'https://staging.example.gov/api' }, { context, logger: new MemoryLogger(), runExecutor: run });
    expect(calls).toEqual([
      { target: { project: 'web', target: 'build', configuration: 'production' }, env: { WEB_API_URL: 'https://staging.example.gov/api', NODE_ENV: 'production' } },
    ]);
  });

  it('fails with a DeployError (nothing synced) when the build reports failure or throws, restoring the environment either way', async () => {
    for (const outcome of [[false], [true, false], new Error('webpack exploded')]) {
      const { run } = runner(outcome);
      const failure = await runWebBuild({ WEB_API_URL: '/api' }, { context, logger: new MemoryLogger(), runExecutor: run }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DeployError);
      expect((failure as DeployError).message).toMatch(/The web build failed.*nothing was synced/);
    }
  });
});
