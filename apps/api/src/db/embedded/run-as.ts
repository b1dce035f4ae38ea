import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The account PostgreSQL runs as when we are root (it refuses to run as root itself). */
export interface RunAs {
  uid: number;
  gid: number;
}

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * As root: the `postgres` user (created, with its group, when missing). Otherwise undefined:
 * PostgreSQL runs as the current user.
 */
export async function postgresAccount(): Promise<RunAs | undefined> {
  if (!isRoot()) return undefined;
  const ids = async () => ({ uid: Number((await run('id', ['-u', 'postgres'])).stdout), gid: Number((await run('id', ['-g', 'postgres'])).stdout) });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined); // may exist without the user
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

/**
 * Whether `account` can use `path`: run the binary (`execute`) or enter the folder (`enter`),
 * which needs search permission on every folder on the way. Asked of the system itself, as
 * that account (supplementary groups dropped, as when PostgreSQL is started), rather than
 * guessed from mode bits.
 */
export function canUse(path: string, account: RunAs | undefined, access: 'execute' | 'enter'): boolean {
  if (!account) return true;
  const test = access === 'execute' ? 'test -f "$1" && test -x "$1"' : 'test -d "$1" && test -x "$1"';
  const result = spawnSync('/bin/sh', ['-c', test, 'sh', path], { uid: account.uid, gid: account.gid, stdio: 'ignore' });
  return result.status === 0;
}
