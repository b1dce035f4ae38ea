import { execFileSync } from 'node:child_process';
import { ToolError } from './cli';

/** Runs git in `cwd` and returns its trimmed stdout; a failure names the command and git's own message. */
export function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new ToolError(`git ${args.join(' ')} failed in ${cwd}: ${stderr || (error as Error).message}`);
  }
}

/** Like `git`, but returns undefined instead of throwing (for "does this ref exist" questions). */
export function tryGit(args: string[], cwd: string): string | undefined {
  try {
    return git(args, cwd);
  } catch {
    return undefined;
  }
}
