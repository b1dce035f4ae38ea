import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Written beside the cluster's files: which process started the server now running on it. */
const OWNER_FILE = 'eapd-owner.pid';

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false; // EPERM: alive, another user's
  }
  // A zombie (exited, not yet reaped by its parent) still answers kill(pid, 0).
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true; // no /proc here
  }
}

/** The program name of a live process where /proc tells it (Linux); undefined elsewhere. */
function programName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Alive and running PostgreSQL's program (as far as this system tells). */
export function isPostgresProcess(pid: number): boolean {
  if (!processAlive(pid)) return false;
  const name = programName(pid);
  return name === undefined || name === 'postgres';
}

/** The postmaster's pid from its lock file, when that process is alive and is PostgreSQL. */
export function runningPostmaster(dataDirectory: string): number | undefined {
  const lockFile = join(dataDirectory, 'postmaster.pid');
  if (!existsSync(lockFile)) return undefined;
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  return isPostgresProcess(pid) ? pid : undefined;
}

export async function recordOwner(dataDirectory: string): Promise<void> {
  await writeFile(join(dataDirectory, OWNER_FILE), `${process.pid}\n`);
}

export async function forgetOwner(dataDirectory: string): Promise<void> {
  await rm(join(dataDirectory, OWNER_FILE), { force: true });
}

/** Another live process (not us) that started the server on this data folder: a second `npm start`, say. */
async function liveOwner(dataDirectory: string): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number((await readFile(join(dataDirectory, OWNER_FILE), 'utf8')).trim());
  } catch {
    return undefined;
  }
  if (pid === process.pid || !processAlive(pid)) return undefined;
  const name = programName(pid);
  return name === undefined || /node/i.test(name) ? pid : undefined;
}

/**
 * Makes the data folder startable after an earlier run died without stopping its server
 * (kill -9, a crash, Nx's last-resort SIGKILL): a server left running is stopped (fast
 * shutdown, then harder), and a lock file naming a process that is gone or is not PostgreSQL
 * is removed. A server that another live process started is left alone: that is an error.
 */
export async function clearStaleServer(dataDirectory: string, stop: (pid: number) => Promise<void>, log: (line: string) => void): Promise<void> {
  const lockFile = join(dataDirectory, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = runningPostmaster(dataDirectory);
  if (pid === undefined) {
    await rm(lockFile, { force: true });
    return;
  }
  const owner = await liveOwner(dataDirectory);
  if (owner !== undefined) {
    throw new Error(
      `The PostgreSQL in ${dataDirectory} belongs to another running process (PID ${owner}), e.g. another "npm start" or "nx serve api": stop that one, or set API_DATA_DIR to another folder.`,
    );
  }
  log(`PostgreSQL (PID ${pid}) was left running on ${dataDirectory} by an earlier run that did not stop it: stopping it first ...`);
  await stop(pid);
}

/** Signals the postmaster and waits for it to go: fast shutdown, then immediate, then SIGKILL. */
export async function stopPostmaster(pid: number): Promise<void> {
  for (const [signal, waitMs] of [['SIGINT', 15_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // already gone
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (!processAlive(pid)) return;
      await sleep(50);
    }
  }
  throw new Error(`PostgreSQL (PID ${pid}) did not stop, even after SIGKILL.`);
}
