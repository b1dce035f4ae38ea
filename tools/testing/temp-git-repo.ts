import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git } from '../lib/git';

/** Identity for commits made in throw-away repositories (CI machines have no git config). */
export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Tools Test',
  GIT_AUTHOR_EMAIL: 'tools-test@example.invalid',
  GIT_COMMITTER_NAME: 'Tools Test',
  GIT_COMMITTER_EMAIL: 'tools-test@example.invalid'
};

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(file: string, content: string): void;
  /** Commits everything and returns the new commit's sha. */
  commit(message: string): string;
  remove(): void;
}

/** A real git repository in a fresh temporary directory (branch `main`). */
export function createTempRepo(prefix = 'tools-repo-'): TempRepo {
  Object.assign(process.env, GIT_ENV);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const run = (...args: string[]) => git(args, dir);
  run('init', '-q', '-b', 'main');
  run('config', 'commit.gpgsign', 'false');
  run('config', 'tag.gpgsign', 'false');
  return {
    dir,
    git: run,
    write(file, content) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), content);
    },
    commit(message) {
      run('add', '-A');
      run('commit', '-q', '--allow-empty', '-m', message);
      return run('rev-parse', 'HEAD');
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
