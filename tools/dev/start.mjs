#!/usr/bin/env node
// `npm start`: the whole app on this machine, nothing to install beyond `npm ci`.
// Starts the web dev server at once and, meanwhile, builds the API if its build is out of date,
// then starts the API (embedded PostgreSQL + development seeds, via dist/apps/api/dev.js) with
// /api proxied to it, and prints ONE URL to open and the demo login. Ctrl-C stops everything.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiBuildNeeded } from './lib/api-build.mjs';
import { finished, isStopping, run, say, stopAll } from './lib/children.mjs';
import { formatApiLine } from './lib/format-api-line.mjs';
import { choosePort } from './lib/ports.mjs';
import { waitForHttp } from './lib/wait.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STARTED = Date.now();
const seconds = () => `${Math.round((Date.now() - STARTED) / 1000)} s`;

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/** PORT / WEB_PORT override the usual ports; 0 means any free port (the browser test uses that). */
function portFromEnv(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new Error(`${name}=${value} is not a port number (0-65535).`);
  return Number(value);
}

/** Runs `nx build api` when the build is missing or older than its sources; says why either way. */
async function buildApiIfNeeded(nxEnv) {
  const reason = apiBuildNeeded(ROOT);
  if (!reason) {
    say('the API build (dist/apps/api) is up to date: not rebuilding.');
    return;
  }
  say(`building the API: ${reason} ...`);
  const output = [];
  const build = run('api-build', 'npx', ['nx', 'build', 'api', '--output-style=stream'], { cwd: ROOT, env: nxEnv }, {
    format: () => null, // shown only if the build fails
    onLine: (line) => output.push(line),
  });
  const ticker = setInterval(() => say(`still building the API: ${seconds()} ...`), 15_000);
  const code = await finished(build).finally(() => clearInterval(ticker));
  if (code !== 0 || !existsSync(join(ROOT, 'dist/apps/api/dev.js'))) {
    console.error(output.slice(-40).join('\n'));
    throw new Error('the API build failed (its last lines are above); run "npx nx build api" to see the full output.');
  }
  say(`API built (${seconds()}).`);
}

async function main() {
  const nxEnv = { ...process.env, NX_DAEMON: 'false' };
  const api = await choosePort(portFromEnv('PORT', 8000), 'the API');
  const web = await choosePort(portFromEnv('WEB_PORT', 4200), 'the web dev server');
  for (const note of [api.note, web.note]) if (note) say(note);

  // The dev server does not need the API to compile, so it starts first: its first compile
  // (~20 s) overlaps the API build check and the database start-up.
  say(`starting the web dev server on port ${web.port} (webpack's first compile takes a little while) ...`);
  const webEnv = { ...nxEnv, WEB_DEV_API_TARGET: `http://127.0.0.1:${api.port}` };
  // Through Nx: the Nx webpack plugin reads the project graph that `nx` provides.
  const webChild = run('web', 'npx', ['nx', 'serve', 'web', '--port', String(web.port)], { cwd: ROOT, env: webEnv }, {
    // Keep errors; drop webpack's progress and its own "running at" URLs.
    format: (line) => (!/error|warn|failed/i.test(line) || /no typescript errors/i.test(line) ? null : line),
  });

  await buildApiIfNeeded(nxEnv);
  if (isStopping()) return;

  let demoLogin = 'demo@example.gov / demo-password-1';
  const database = process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : `embedded PostgreSQL, data in ${process.env.API_DATA_DIR || '.data/postgres'}`;
  say(`starting the API on port ${api.port} (${database}) ...`);
  const apiEnv = { ...process.env, PORT: String(api.port), NODE_ENV: 'development', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  const apiChild = run('api', process.execPath, [join(ROOT, 'dist/apps/api/dev.js')], { cwd: ROOT, env: apiEnv }, {
    // The API prints its own URL and login; this script prints the one URL to open.
    format: (line) => (/listening on|demo login|Ctrl-C/i.test(line) ? null : formatApiLine(line)),
    onLine: (line) => {
      const match = /demo login: (.+)$/.exec(line);
      if (match) demoLogin = match[1].trim();
    },
  });

  const common = { timeoutMs: 180_000, say };
  await waitForHttp(`http://127.0.0.1:${api.port}/api/health`, { ...common, child: apiChild, name: 'the API', waitingFor: 'database start-up and migrations' });
  say(`API ready (${seconds()}).`);
  await waitForHttp(`http://127.0.0.1:${web.port}/`, { ...common, child: webChild, name: 'the web dev server', waitingFor: "webpack's first compile" });

  console.log('');
  console.log(`  eAPD is running (ready in ${seconds()}): open  http://127.0.0.1:${web.port}`);
  console.log(`  Sign in as  ${demoLogin}`);
  console.log('  Ctrl-C stops everything.');
  console.log('');
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  void stopAll(1);
});
