import { spawnSync } from 'node:child_process';
import { DeployError } from '../log/errors';

export interface GitCommit {
  sha: string;
  /** Commit (not author) time: fixed once the commit exists, unlike the build time. */
  time: Date;
  /** True when tracked files differ from the commit: the zip is then not what the SHA says. */
  dirty: boolean;
}

function git(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new DeployError(`git ${args.join(' ')} failed: ${result.stderr.trim() || result.error?.message}`, {
      hint: 'Build the artifact inside the git work tree, with at least one commit.',
    });
  }
  return result.stdout.trim();
}

export function readGitCommit(cwd: string, paths: string[] = []): GitCommit {
  const [sha, time] = git(cwd, ['log', '-1', '--format=%H %cI', 'HEAD']).split(' ');
  const dirty = git(cwd, ['status', '--porcelain', '--untracked-files=no', '--', ...paths]) !== '';
  return { sha, time: new Date(time), dirty };
}

/** Only the SHA of HEAD: one git call, where neither the time nor the work tree's state matters. */
export function readHeadSha(cwd: string): string {
  return git(cwd, ['rev-parse', '--verify', 'HEAD']);
}
