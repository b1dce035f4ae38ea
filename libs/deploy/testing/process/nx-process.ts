import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const WORKSPACE_ROOT = join(__dirname, '../../../..');

/**
 * `npx nx run …` as a terminal or CircleCI runs it: in its own process group, so a test can
 * signal the WHOLE group (`process.kill(-pid, sig)`) the way Ctrl-C and a CI cancel do.
 */
export class NxProcess {
  readonly child: ChildProcess;
  private out = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;

  constructor(args: string[], env: Record<string, string | undefined>) {
    this.child = spawn('npx', ['nx', 'run', ...args, '--skip-nx-cache'], {
      cwd: WORKSPACE_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NX_DAEMON: 'false',
        NX_NO_CLOUD: 'true',
        NX_ISOLATE_PLUGINS: 'false',
        NX_TUI: 'false',
        CI: 'true',
        ...env,
      },
    });
    this.child.stdout?.on('data', (d) => (this.out += d));
    this.child.stderr?.on('data', (d) => (this.out += d));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  }

  get pgid(): number {
    return this.child.pid as number;
  }

  get output(): string {
    return this.out;
  }

  /** Sends `signal` to every process of the group, as a terminal's Ctrl-C or a CI cancel does. */
  signalGroup(signal: NodeJS.Signals): number {
    process.kill(-this.pgid, signal);
    return Date.now();
  }

  /** True while any process of the group lives (npx, nx, the executor). */
  groupAlive(): boolean {
    try {
      process.kill(-this.pgid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** Kills what is left of the group (test clean-up). */
  kill(): void {
    try {
      process.kill(-this.pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, pollMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The worker's pid, from the executor's first line ("… runs in process <pid> …"). */
export function workerPid(output: string): number | undefined {
  const m = /runs in process (\d+)/.exec(output);
  return m ? Number(m[1]) : undefined;
}
