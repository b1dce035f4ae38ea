/**
 * API benchmark (not a test): prints figures and ratios, asserts nothing.
 *   npx nx build api && SWC_NODE_PROJECT=tools/tsconfig.scripts.json node -r @swc-node/register tools/bench/api/bench.ts
 * See README.md beside this file.
 */
import autocannon from 'autocannon';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DEMO, LIST_SIZE, startApi, type ApiUnderTest } from './api-under-test';
import { sampleCpu, type CpuSample } from './cpu';
import { measureListScaling } from './list-scaling';
import { startBenchPostgres } from './postgres';
import { BARE_SERVER, freePort, startNode, stop, waitForOk } from './processes';

const DIST = resolve(process.env['BENCH_API_DIST'] ?? 'dist/apps/api');
/** Another build of the API (e.g. the previous commit's) to measure in the same run. */
const COMPARE_DIST = process.env['BENCH_COMPARE_DIST'] ? resolve(process.env['BENCH_COMPARE_DIST']) : undefined;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 5));
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

function calibratedIterations(): number {
  if (process.env['PBKDF2_ITERATIONS']) return Number(process.env['PBKDF2_ITERATIONS']);
  console.log('calibrating PBKDF2 for ~300 ms (set PBKDF2_ITERATIONS to skip) ...');
  const out = execFileSync(process.execPath, [join(DIST, 'calibrate-pbkdf2.js')]).toString();
  const match = /PBKDF2_ITERATIONS=(\d+)/.exec(out);
  if (!match) throw new Error(`calibrate-pbkdf2 printed no count:\n${out}`);
  return Number(match[1]);
}

interface Target {
  label: string;
  url: string;
  server: ChildProcess;
  headers?: Record<string, string>;
  requests: number;
  seconds: number;
  cpu: { node: number; postgres: number };
}

/** PostgreSQL's CPU so far: the postmaster and every backend (all of them serve the API under test). */
function postgresCpu(pid: number): number {
  const s = sampleCpu(pid);
  return s ? s.self + s.descendants : 0;
}

/**
 * Runs every target in turn, ROUNDS times for SECONDS/ROUNDS each, so that a change in the
 * machine's load (it is shared) hits all of them alike instead of whichever ran last.
 * Also adds up each server's CPU per request, and PostgreSQL's, where /proc exists.
 */
async function measure(targets: Target[], postgresPid: number): Promise<void> {
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets) {
      const before: CpuSample | undefined = sampleCpu(target.server.pid);
      const pgBefore = postgresCpu(postgresPid);
      const result = await autocannon({ url: target.url, connections: CONNECTIONS, duration: SECONDS / ROUNDS, headers: target.headers });
      const after = sampleCpu(target.server.pid);
      const pgAfter = postgresCpu(postgresPid);
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
      target.requests += result.requests.total;
      target.seconds += result.duration;
      if (before && after) target.cpu.node += after.self - before.self;
      if (target.headers) target.cpu.postgres += pgAfter - pgBefore; // the bare handler has no database
    }
  }
}

const target = (label: string, url: string, server: ChildProcess, headers?: Record<string, string>): Target => ({
  label, url, server, headers, requests: 0, seconds: 0, cpu: { node: 0, postgres: 0 },
});
const rps = (t: Target) => t.requests / t.seconds;
const us = (seconds: number, requests: number) => ((seconds * 1e6) / requests).toFixed(0);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const line = (t: Target) =>
  console.log(
    `   ${t.label.padEnd(38)} ${rps(t).toFixed(0).padStart(8)} req/s   CPU/request: node ${us(t.cpu.node, t.requests)} µs` +
      (t.headers ? ` + PostgreSQL ${us(t.cpu.postgres, t.requests)} µs` : ''),
  );
const ratio = (label: string, part: number, whole: number) => console.log(`   ${label.padEnd(38)} ${((part / whole) * 100).toFixed(1).padStart(8)} %   (goal >= 40 %)`);

async function healthDuringLogins(api: ApiUnderTest, iterations: number): Promise<void> {
  console.log(`\n2) /api/health latency during 20 concurrent logins at ${iterations} PBKDF2 iterations (load ${load()})`);
  const latencies: number[] = [];
  let loginsDone = false;
  const probe = (async () => {
    while (!loginsDone) {
      const started = performance.now();
      await fetch(`${api.base}/health`);
      latencies.push(performance.now() - started);
    }
  })();
  const loginStarted = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: 20 }, () =>
      fetch(`${api.base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO) }).then((r) => r.status),
    ),
  );
  const loginMs = performance.now() - loginStarted;
  loginsDone = true;
  await probe;
  latencies.sort((a, b) => a - b);
  const count = (s: number) => statuses.filter((x) => x === s).length;
  console.log(`   20 logins: ${count(200)} x 200, ${count(503)} x 503 (queue full, Retry-After) in ${loginMs.toFixed(0)} ms`);
  console.log(`   health: ${latencies.length} requests, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms   (goal p99 < 50 ms)`);
}

async function main(): Promise<void> {
  console.log(`Load average (1/5/15 min) at start: ${load()}`);
  const iterations = calibratedIterations();
  const dataDir = await mkdtemp(join(tmpdir(), 'eapd-bench-'));
  // Run as root, embedded PostgreSQL runs as its own user, which must reach the data folders.
  await chmod(dataDir, 0o755);
  const postgres = await startBenchPostgres(join(dataDir, 'postgres'));
  const postgresPid = Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const databaseFor = async (name: string) => {
    const admin = new Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    return postgres.url.replace(/\/postgres$/, `/${name}`);
  };
  const barePort = await freePort();
  const bare = startNode(['-e', BARE_SERVER], { PORT: String(barePort) });
  const apis: ApiUnderTest[] = [];
  try {
    const env = { PBKDF2_ITERATIONS: String(iterations) };
    const currentUrl = await databaseFor('bench_current');
    const [api, compared] = await Promise.all([
      startApi(DIST, currentUrl, join(dataDir, 'current'), env),
      COMPARE_DIST ? databaseFor('bench_compared').then((url) => startApi(COMPARE_DIST, url, join(dataDir, 'compared'), env)) : undefined,
      waitForOk(`http://127.0.0.1:${barePort}/bare`, bare.child, bare.output),
    ]);
    apis.push(api, ...(compared ? [compared] : []));
    const listPath = `/apds?limit=${LIST_SIZE}`;
    const listed = (await (await fetch(`${api.base}${listPath}`, { headers: api.auth })).json()).items.length;

    console.log(`\n1) throughput, ${CONNECTIONS} connections, ${SECONDS} s each in ${ROUNDS} turns (same run, same machine; load ${load()})`);
    const bareTarget = target('bare Express handler', `http://127.0.0.1:${barePort}/bare`, bare.child);
    const list = target(`GET /api/apds (${listed} APDs, auth)`, `${api.base}${listPath}`, api.child, api.auth);
    const before = compared && target(`GET /api/apds, ${COMPARE_DIST}`, `${compared.base}${listPath}`, compared.child, compared.auth);
    await measure([bareTarget, list, ...(before ? [before] : [])], postgresPid);
    line(bareTarget);
    line(list);
    ratio('ratio list/bare', rps(list), rps(bareTarget));
    if (before) {
      line(before);
      ratio('ratio compared build\'s list/bare', rps(before), rps(bareTarget));
    }
    await healthDuringLogins(api, iterations);

    console.log(`\n3) GET /api/apds?limit=50 p50 as the state's APDs grow (load ${load()}); goal: first page <= 10 ms at 50 000, flat across sizes`);
    await measureListScaling(api, currentUrl);
  } finally {
    await Promise.all([stop(bare.child), ...apis.map((a) => a.stop())]);
    await postgres.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    console.log(`\nLoad average (1/5/15 min) at end: ${load()}`);
  }
}

main().catch((e) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
