import { hostname } from 'node:os';

/** "<host>:<pid>" of this process, as recorded in a rollover's journal. */
export function processId(): string {
  return `${hostname()}:${process.pid}`;
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process a journal names still runs: true or false when it ran on this host,
 * undefined when it ran elsewhere (then only its lease can tell).
 */
export function isProcessAlive(id: string): boolean | undefined {
  const at = id.lastIndexOf(':');
  const host = id.slice(0, at);
  const pid = Number(id.slice(at + 1));
  if (at < 0 || host !== hostname() || !Number.isInteger(pid) || pid <= 0) return undefined;
  return isPidAlive(pid);
}
