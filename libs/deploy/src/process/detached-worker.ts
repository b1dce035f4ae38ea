import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeployError } from '../log/errors';
import type { DeployLogger } from '../log/logger';
import { isPidAlive } from './liveness';
import { BOOT_JS, LAUNCHER_JS, type WorkerJob } from './worker-boot';

export interface DetachedRun {
  /** Module exporting `runJob` (see worker-boot.ts); `require.resolve`d by the caller. */
  entry: string;
  payload: unknown;
  /** Working directory of the worker (the workspace root). */
  cwd: string;
  /** "rollover", "preview deploy": for the lines printed here. */
  what: string;
  /** What happens after an interrupt, said when one arrives ("it rolls back and …"). */
  onInterrupt: string;
  logger: DeployLogger;
  /** Where the worker's log is copied to (default stdout). */
  out?: NodeJS.WritableStream;
  /** How often the log and the worker are looked at (default 100 ms). */
  pollMs?: number;
}

/**
 * Runs a deploy operation in a detached worker and streams its log until it ends. An
 * interrupt (SIGINT/SIGTERM to the whole process group, as a terminal or CircleCI sends it)
 * is passed on as a request to stop: the worker rolls back and finishes whatever happens to
 * this process — Nx kills an executor ~5 s after a signal, while a roll-back can take minutes.
 * Resolves with the worker's result; after an interrupt this process is usually killed first.
 */
export async function runDetached(run: DetachedRun): Promise<{ success: boolean }> {
  const { logger } = run;
  const out = run.out ?? process.stdout;
  const dir = mkdtempSync(join(tmpdir(), 'eapd-deploy-'));
  const job: WorkerJob = { entry: run.entry, payload: run.payload };
  // From source (the executors run their .ts): compiled as the executors are, through the cache
  // of libs/deploy-executors/load-ts.js; Nx's registerTsProject cost the worker 1.5-2.5 s to start.
  if (/\.ts$/.test(run.entry)) job.tsRegister = join(__dirname, '../../../deploy-executors/load-ts.js');
  writeFileSync(join(dir, 'job.json'), JSON.stringify(job), { mode: 0o600 });
  writeFileSync(join(dir, 'boot.js'), BOOT_JS, { mode: 0o600 });
  writeFileSync(join(dir, 'launch.js'), LAUNCHER_JS, { mode: 0o600 });
  const launched = spawnSync(process.execPath, [join(dir, 'launch.js'), dir], { cwd: run.cwd, env: process.env, stdio: 'ignore' });
  const pidText = existsSync(join(dir, 'pid')) ? readFileSync(join(dir, 'pid'), 'utf8') : '';
  const pid = Number(pidText);
  if (launched.status !== 0 || !Number.isInteger(pid) || pid <= 0) {
    throw new DeployError(`Could not start the ${run.what} process (launcher exit ${launched.status ?? launched.signal})`);
  }
  const log = join(dir, 'log');
  logger.info(`The ${run.what} runs in process ${pid}, which an interrupt of this command does not stop; its log: ${log}`);

  let interrupted = false;
  const onSignal = (name: NodeJS.Signals) => {
    if (!interrupted) {
      logger.warn(`${name} received: asking the ${run.what} (process ${pid}) to stop; ${run.onInterrupt} It goes on even if this command is killed; follow it with: tail -f ${log}`);
    }
    interrupted = true;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  const tail = new LogTail(log, out);
  try {
    for (;;) {
      tail.pump();
      const result = readResult(dir);
      if (result) {
        tail.pump();
        return result;
      }
      if (!isPidAlive(pid)) {
        tail.pump();
        return readResult(dir) ?? failed(logger, run.what, pid, log);
      }
      await new Promise((r) => setTimeout(r, run.pollMs ?? 100));
    }
  } finally {
    for (const s of signals) process.off(s, onSignal);
    tail.close();
  }
}

function readResult(dir: string): { success: boolean } | undefined {
  const file = join(dir, 'result.json');
  if (!existsSync(file)) return undefined;
  try {
    return { success: Boolean((JSON.parse(readFileSync(file, 'utf8')) as { success?: unknown }).success) };
  } catch {
    return undefined;
  }
}

function failed(logger: DeployLogger, what: string, pid: number, log: string): { success: boolean } {
  logger.error(`The ${what} process ${pid} ended without a result (killed?). Its log: ${log}. The next run repairs what it left.`);
  return { success: false };
}

/** Copies what a file gains to a stream, like `tail -f`. */
class LogTail {
  private fd?: number;
  private offset = 0;
  private readonly buffer = Buffer.alloc(64 * 1024);

  constructor(
    private readonly path: string,
    private readonly out: NodeJS.WritableStream,
  ) {}

  pump(): void {
    if (this.fd === undefined) {
      if (!existsSync(this.path)) return;
      this.fd = openSync(this.path, 'r');
    }
    for (;;) {
      const n = readSync(this.fd, this.buffer, 0, this.buffer.length, this.offset);
      if (n <= 0) return;
      this.offset += n;
      this.out.write(Buffer.from(this.buffer.subarray(0, n)));
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }
}
