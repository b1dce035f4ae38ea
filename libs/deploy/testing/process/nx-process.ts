import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const WORKSPACE_ROOT = join(__dirname, '../../../..');

/**
 * What an Nx task sets for its children (nx/src/tasks-runner/task-env.js). A spec runs inside
 * `deploy:test` when CircleCI runs `nx affected -t test`: a run it starts "as a terminal would"
 * must not inherit them. NX_INVOCATION_ROOT_PID in particular makes every nested run register
 * its task under the enclosing run's PID (Nx's recursion check): two runs of the same task at
 * once (the interrupt specs' concurrent cases) then collide, and Nx fails the second with
 * "Recursive task invocation".
 */
const ENCLOSING_TASK_VARIABLES = /^(NX_INVOCATION_ROOT_PID|NX_TASK_[A-Z_]+|NX_TERMINAL_[A-Z_]+|NX_STREAM_OUTPUT|NX_WORKSPACE_ROOT|NX_SKIP_NX_CACHE|LERNA_PACKAGE_NAME)$/;

/** `env` without the variables an enclosing Nx task set: what a terminal's or CI's top-level `nx` sees. */
export function topLevelNxEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !ENCLOSING_TASK_VARIABLES.test(name)));
}

/**
 * `npx nx run …` as a terminal or CircleCI runs it: in its own process group, so a test can
 * signal the WHOLE group (`process.kill(-pid, sig)`) the way Ctrl-C and a CI cancel do.
 */
export class NxProcess {
  readonly child: ChildProcess;
  private out = '';
  private ended?: { code: number | null; signal: NodeJS.Signals | null };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;

  constructor(args: string[], env: Record<string, string | undefined>) {
    this.child = spawn('npx', ['nx', 'run', ...args, '--skip-nx-cache'], {
      cwd: WORKSPACE_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...topLevelNxEnv(),
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
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        this.ended = { code, signal };
        resolve({ code, signal, at: Date.now() });
      }),
    );
  }

  /**
   * Polls `condition` while this run goes on. Fails at once, with everything the run printed,
   * when `npx` exits first (the run died before reaching the point a test waits for), and with
   * the output so far after `timeoutMs`.
   */
  async waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, pollMs = 50): Promise<void> {
    const holdsWhileRunning = async () => {
      if (await condition()) return true;
      if (this.ended) throw new Error(`nx exited (code ${this.ended.code}, signal ${this.ended.signal}) before ${what}:\n${this.out}`);
      return false;
    };
    await waitUntil(() => `${what}:\n${this.out}`, holdsWhileRunning, timeoutMs, pollMs);
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

/** Polls `condition` until it holds; fails with `what` (a function: read at that moment) after `timeoutMs`. */
export async function waitUntil(what: string | (() => string), condition: () => boolean | Promise<boolean>, timeoutMs: number, pollMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
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
