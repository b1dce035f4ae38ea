import { readFileSync } from 'node:fs';

/**
 * Nx reads `--exclude` as its own option (the project filter of run-many/affected) even in
 * `nx run web:deploy`, so the executor never sees it and would upload the files, or with
 * --delete remove the bucket's matching keys. Nx runs the executor in a child process; its
 * parent, the Nx CLI, still holds the command line. Returns the patterns the user gave as
 * `--exclude` to a single-target run (run-many/affected use --exclude for projects: not ours),
 * or [] when there are none or the command line cannot be read (not Linux).
 */
export function excludesSwallowedByNx(readParentArgs: () => string[] | undefined = parentArgs): string[] {
  const args = readParentArgs();
  if (!args) return [];
  const nx = args.findIndex((a) => /(^|\/)nx(\.js)?$/.test(a));
  if (nx < 0) return [];
  const rest = args.slice(nx + 1);
  const command = rest.find((a) => !a.startsWith('-'));
  if (command === 'run-many' || command === 'affected') return [];
  const patterns: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--') break;
    if (rest[i].startsWith('--exclude=')) patterns.push(rest[i].slice('--exclude='.length));
    else if (rest[i] === '--exclude' && rest[i + 1] !== undefined && !rest[i + 1].startsWith('-')) patterns.push(rest[++i]);
  }
  return patterns.filter((p) => p.trim() !== '');
}

function parentArgs(): string[] | undefined {
  try {
    return readFileSync(`/proc/${process.ppid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
  } catch {
    return undefined;
  }
}
