import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const WORKSPACE_ROOT = join(__dirname, '../..');

/** Runs the workspace's own nx (no daemon, no colour) and returns stdout. */
export async function runNx(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(join(WORKSPACE_ROOT, 'node_modules/.bin/nx'), args, {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0', NX_TUI: 'false' },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000
  });
  return stdout;
}
