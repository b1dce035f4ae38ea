import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DeployError } from '../log/errors';
import type { DeployLogger } from '../log/logger';

/**
 * Runs the production web build through the Nx cache. The build is environment-neutral (the
 * app reads /config.json at start-up, which the deploy writes), so a cached build made for
 * any environment is the right one: no forced rebuild.
 */
export async function runWebBuild(deps: { root: string; logger: DeployLogger; env?: Record<string, string | undefined> }): Promise<void> {
  const args = ['run', 'web:build:production'];
  deps.logger.info(`Building the web app: nx ${args.join(' ')}`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [workspaceNxCli(deps.root), ...args], {
      cwd: deps.root,
      env: { ...(deps.env ?? process.env), NODE_ENV: 'production', NX_DAEMON: 'false' },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  if (code !== 0) {
    throw new DeployError(`The web build failed (exit ${code}); nothing was synced.`, {
      hint: 'Fix the build error above, deploy a published release with --release=<sha>, or pass --skip-build with --source <dir>.',
    });
  }
}

/**
 * The workspace's own Nx CLI (the `bin` of node_modules/nx), run with this process's Node.
 * Not `npx nx`: npm's start-up costs ~0.65 s, and where node_modules lacks Nx, npx would fetch
 * whatever Nx is newest instead of failing.
 */
export function workspaceNxCli(root: string): string {
  const manifest = join(root, 'node_modules', 'nx', 'package.json');
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> }).bin;
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin['nx']);
}
