// Child processes of `npm start`: prefixed output, and one orderly stop for all of them.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set();
let stopping = false;

export const say = (line) => console.log(`[start] ${line}`);
export const isStopping = () => stopping;

/**
 * Starts a child in its own process group, its output shown line by line as `[name] line`.
 * `format` rewrites a line (null hides it); `onLine` sees every raw line.
 */
export function run(name, command, args, options, { format = (line) => line, onLine = () => undefined } = {}) {
  // Own process group: Ctrl-C reaches only this script, which then sends ONE SIGINT to each
  // child group (a second SIGINT makes the API skip its graceful shutdown).
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const forward = (stream, out) => {
    let buffered = '';
    stream.on('data', (chunk) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        onLine(line);
        const shown = line.trim() ? format(line.replace(/^\[(api|web)\] /, '')) : null;
        if (shown) out.write(`[${name}] ${shown}\n`);
      }
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping && !child.expectedExit) {
      console.error(`[start] ${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping everything.`);
      void stopAll(1);
    }
  });
  return child;
}

/** Resolves with the exit code of a child that is meant to finish (a build). */
export function finished(child) {
  child.expectedExit = true;
  return new Promise((done) => child.once('exit', (code) => done(code ?? 1)));
}

export async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  if (children.size > 0) say('stopping the web server and the API (the API stops its PostgreSQL) ...');
  const signalGroup = (child, signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  for (const child of children) signalGroup(child, 'SIGINT');
  const deadline = Date.now() + 20_000;
  while (children.size > 0 && Date.now() < deadline) await sleep(100);
  for (const child of children) signalGroup(child, 'SIGKILL');
  say('stopped.');
  process.exit(exitCode);
}
