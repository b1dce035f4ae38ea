import { spawnSync } from 'node:child_process';
import { DeployError } from '../log/errors';

/** Installs `node_modules` in a folder holding package.json + package-lock.json. */
export type DependencyInstaller = (dir: string) => Promise<void>;

/**
 * `npm ci --omit=dev`: exactly the lockfile, production packages only. `--ignore-scripts`
 * because nothing the API needs compiles at install time, and scripts could write
 * machine-specific files that break reproducibility.
 */
export const npmCiInstaller: DependencyInstaller = async (dir) => {
  const args = ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  const result = spawnSync('npm', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60_000 });
  if (result.status !== 0) {
    throw new DeployError(`npm ${args.join(' ')} failed in ${dir} (exit ${result.status ?? result.signal}).\n${result.stderr}`, {
      hint: 'Check that package-lock.json matches package.json and that the npm registry is reachable.',
    });
  }
};
