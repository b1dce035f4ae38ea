#!/usr/bin/env node
// `npm start`: the whole app on this machine, nothing to install beyond `npm ci`.
// Builds the API if needed, starts it (embedded PostgreSQL + development seeds, via the API's
// dev entry dist/apps/api/dev.js) and the web dev server with /api proxied to it, then prints
// ONE URL to open and the demo login. Ctrl-C stops the web server, the API and its database.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const say = (line) => console.log(`[start] ${line}`);
const children = new Set();
let stopping = false;

function portIsFree(port) {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

async function pickPort(preferred) {
  if (await portIsFree(preferred)) return preferred;
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function waitForHttp(url, timeoutMs, child, name) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited (code ${child.exitCode}) before it was ready; see its output above.`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(300);
  }
  throw new Error(`${name} did not answer ${url} within ${timeoutMs / 1000} s (last: ${last}).`);
}

/** Starts a child; its output is shown line by line with a prefix, minus lines `hide` matches. */
function run(name, command, args, options, { hide = () => false, onLine = () => undefined } = {}) {
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
        if (line.trim() && !hide(line)) out.write(`[${name}] ${line.replace(/^\[(api|web)\] /, '')}\n`);
      }
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`[start] ${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping everything.`);
      void stopAll(1);
    }
  });
  return child;
}

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  say('stopping the web server and the API (the API stops its PostgreSQL) ...');
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

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

async function main() {
  const nxEnv = { ...process.env, NX_DAEMON: 'false' };
  say('building the API (npx nx build api; cached after the first run) ...');
  const build = spawnSync('npx', ['nx', 'build', 'api', '--output-style=stream'], { cwd: ROOT, env: nxEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  const devEntry = join(ROOT, 'dist/apps/api/dev.js');
  if (build.status !== 0 || !existsSync(devEntry)) {
    throw new Error('the API build failed (see above); fix it, or run "npx nx build api" to see the full output.');
  }

  const apiPort = await pickPort(Number(process.env.PORT) || 8000);
  const webPort = await pickPort(4200);
  let demoLogin = 'demo@example.gov / demo-password-1';

  say(`starting the API on port ${apiPort} (embedded PostgreSQL, data in .data/postgres) ...`);
  const apiEnv = { ...process.env, PORT: String(apiPort), NODE_ENV: 'development', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  const api = run('api', process.execPath, [devEntry], { cwd: ROOT, env: apiEnv }, {
    // The API prints its own URL and login; this script prints the one URL to open.
    hide: (line) => /listening on|demo login|Ctrl-C/i.test(line),
    onLine: (line) => {
      const match = /demo login: (.+)$/.exec(line);
      if (match) demoLogin = match[1].trim();
    },
  });

  say(`starting the web dev server on port ${webPort} (proxies /api to the API) ...`);
  const webEnv = { ...nxEnv, WEB_DEV_API_TARGET: `http://127.0.0.1:${apiPort}` };
  // Through Nx: the Nx webpack plugin reads the project graph that `nx` provides.
  const web = run('web', 'npx', ['nx', 'serve', 'web', '--port', String(webPort)], { cwd: ROOT, env: webEnv }, {
    // Keep errors; drop webpack's progress and its own "running at" URLs.
    hide: (line) => !/error|warn|failed/i.test(line) || /no typescript errors/i.test(line),
  });

  await waitForHttp(`http://127.0.0.1:${apiPort}/api/health`, 180_000, api, 'the API');
  await waitForHttp(`http://127.0.0.1:${webPort}/`, 180_000, web, 'the web dev server');

  console.log('');
  console.log(`  eAPD is running: open  http://127.0.0.1:${webPort}`);
  console.log(`  Sign in as            ${demoLogin}`);
  console.log('  Ctrl-C stops everything.');
  console.log('');
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  void stopAll(1);
});
