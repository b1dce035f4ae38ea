import type { SignalSource } from './interrupts';

/**
 * What a detached worker runs: `entry` (a module exporting `runJob(payload, context)`) with
 * `payload`. Written to the worker's private folder as job.json (no secrets: the worker
 * inherits the environment, which is never written to disk).
 */
export interface WorkerJob {
  entry: string;
  payload: unknown;
  /** For a `.ts` entry (executors run from source): the module that registers the TypeScript compile (libs/deploy-executors/load-ts.js). */
  tsRegister?: string;
}

export interface WorkerContext {
  /** SIGINT/SIGTERM/SIGHUP sent to the worker: requests to stop and roll back, never fatal. */
  signals: SignalSource;
  logPath: string;
}

/** A module a worker can run. */
export interface WorkerEntry<P> {
  runJob(payload: P, context: WorkerContext): Promise<{ success: boolean }>;
}

/**
 * The launcher: starts the worker in its own session (detached: a signal to the deploy's
 * process group does not reach it), writes its pid, and exits at once. The worker is then
 * nobody's child: Nx, which kills the executor's whole process TREE about 5 s after a
 * SIGINT/SIGTERM, cannot find it. (A direct child, even detached, is in the tree and is
 * SIGKILLed with it — measured.)
 */
export const LAUNCHER_JS = `'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
const log = fs.openSync(path.join(dir, 'log'), 'a', 0o600);
const child = spawn(process.execPath, [path.join(dir, 'boot.js'), dir], { detached: true, stdio: ['ignore', log, log] });
fs.writeFileSync(path.join(dir, 'pid'), String(child.pid));
child.unref();
process.exit(0);
`;

/**
 * The worker's first code. Signals never end it: each one is handed to the job (the first
 * aborts the operation, which then rolls back), and one that arrives before the job listens
 * is kept for it. The result is written atomically as result.json before the worker exits.
 */
export const BOOT_JS = `'use strict';
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
const listeners = { SIGINT: [], SIGTERM: [], SIGHUP: [] };
const pending = [];
for (const name of Object.keys(listeners)) {
  process.on(name, () => {
    if (listeners[name].length === 0) pending.push(name);
    for (const l of listeners[name].slice()) l(name);
  });
}
const signals = {
  on(name, l) {
    (listeners[name] = listeners[name] || []).push(l);
    for (let i = 0; i < pending.length; i++) if (pending[i] === name) { pending.splice(i--, 1); l(name); }
  },
  off(name, l) { listeners[name] = (listeners[name] || []).filter((x) => x !== l); },
};
function finish(result) {
  const tmp = path.join(dir, 'result.json.tmp');
  fs.writeFileSync(tmp, JSON.stringify(result));
  fs.renameSync(tmp, path.join(dir, 'result.json'));
  process.exit(result.success ? 0 : 1);
}
function crashed(e) {
  process.stderr.write('error: the deploy process failed unexpectedly: ' + ((e && e.stack) || e) + '\\n');
  finish({ success: false });
}
try {
  const job = JSON.parse(fs.readFileSync(path.join(dir, 'job.json'), 'utf8'));
  if (/\\.ts$/.test(job.entry)) require(job.tsRegister).register();
  Promise.resolve(require(job.entry).runJob(job.payload, { signals, logPath: path.join(dir, 'log') }))
    .then((r) => finish({ success: Boolean(r && r.success) }), crashed);
} catch (e) {
  crashed(e);
}
`;
