/**
 * API benchmark (not a test): prints figures and ratios, asserts nothing.
 *   npx nx build api && SWC_NODE_PROJECT=tools/tsconfig.scripts.json node -r @swc-node/register tools/bench/api/bench.ts
 * See README.md beside this file.
 */
import autocannon from 'autocannon';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO, LIST_SIZE, startApi, type ApiUnderTest } from './api-under-test';
import { cpuPerRequest, sampleCpu } from './cpu';
import { BARE_SERVER, freePort, startNode, stop, waitForOk } from './processes';

const DIST = resolve(process.env['BENCH_API_DIST'] ?? 'dist/apps/api');
/** Another build of the API (e.g. the previous commit's) to measure in the same run. */
const COMPARE_DIST = process.env['BENCH_COMPARE_DIST'] ? resolve(process.env['BENCH_COMPARE_DIST']) : undefined;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 5));
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10);

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
  /** More processes whose CPU belongs to this target (the API's PostgreSQL). */
  alsoCount?: () => number | undefined;
  headers?: Record<string, string>;
  requests: number;
  seconds: number;
  cpu: { self: number; descendants: number };
}

/**
 * Runs every target in turn, ROUNDS times for SECONDS/ROUNDS each, so that a change in the
 * machine's load (it is shared) hits all of them alike instead of whichever ran last.
 * Also adds up each server's CPU per request (its own and its PostgreSQL's) where /proc exists.
 */
async function measure(targets: Target[]): Promise<void> {
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets) {
      const extra = [target.alsoCount?.()].filter((pid): pid is number => pid !== undefined);
      const before = sampleCpu(target.server.pid, extra);
      const result = await autocannon({ url: target.url, connections: CONNECTIONS, duration: SECONDS / ROUNDS, headers: target.headers });
      const after = sampleCpu(target.server.pid, extra);
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
      target.requests += result.requests.total;
      target.seconds += result.duration;
      if (before && after) {
        target.cpu.self += after.self - before.self;
        target.cpu.descendants += after.descendants - before.descendants;
      }
    }
  }
}

const target = (label: string, url: string, server: ChildProcess, headers?: Record<string, string>, alsoCount?: () => number | undefined): Target => ({
  label, url, server, headers, alsoCount, requests: 0, seconds: 0, cpu: { self: 0, descendants: 0 },
});
const rps = (t: Target) => t.requests / t.seconds;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const line = (t: Target) =>
  console.log(`   ${t.label.padEnd(38)} ${rps(t).toFixed(0).padStart(8)} req/s${cpuPerRequest({ self: 0, descendants: 0 }, t.cpu, t.requests)}`);
const ratio = (label: string, part: number, whole: number) => console.log(`   ${label.padEnd(38)} ${((part / whole) * 100).toFixed(1).padStart(8)} %   (goal >= 40 %)`);

async function healthDuringLogins(api: ApiUnderTest, iterations: number): Promise<void> {
  console.log(`\n2) /api/health latency during 20 concurrent logins at ${iterations} PBKDF2 iterations`);
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
  console.log(`   20 logins: ${statuses.filter((s) => s === 200).length} x 200 in ${loginMs.toFixed(0)} ms`);
  console.log(`   health: ${latencies.length} requests, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms   (goal p99 < 50 ms)`);
}

async function main(): Promise<void> {
  const iterations = calibratedIterations();
  const dataDir = await mkdtemp(join(tmpdir(), 'eapd-bench-'));
  // Run as root, embedded PostgreSQL runs as its own user, which must reach the data folders.
  await chmod(dataDir, 0o755);
  const barePort = await freePort();
  const bare = startNode(['-e', BARE_SERVER], { PORT: String(barePort) });
  const apis: ApiUnderTest[] = [];
  try {
    const env = { PBKDF2_ITERATIONS: String(iterations) };
    const [api, compared] = await Promise.all([
      startApi(DIST, join(dataDir, 'current'), env),
      COMPARE_DIST ? startApi(COMPARE_DIST, join(dataDir, 'compared'), env) : undefined,
      waitForOk(`http://127.0.0.1:${barePort}/bare`, bare.child, bare.output),
    ]);
    apis.push(api, ...(compared ? [compared] : []));
    const listPath = `/apds?limit=${LIST_SIZE}`;
    const listed = (await (await fetch(`${api.base}${listPath}`, { headers: api.auth })).json()).items.length;

    console.log(`\n1) throughput, ${CONNECTIONS} connections, ${SECONDS} s each in ${ROUNDS} turns (same run, same machine)`);
    const bareTarget = target('bare Express handler', `http://127.0.0.1:${barePort}/bare`, bare.child);
    const list = target(`GET /api/apds (${listed} APDs, auth)`, `${api.base}${listPath}`, api.child, api.auth, api.databasePid);
    const before = compared && target(`GET /api/apds, ${COMPARE_DIST}`, `${compared.base}${listPath}`, compared.child, compared.auth, compared.databasePid);
    await measure([bareTarget, list, ...(before ? [before] : [])]);
    line(bareTarget);
    line(list);
    ratio('ratio list/bare', rps(list), rps(bareTarget));
    if (before) {
      line(before);
      ratio('ratio compared build\'s list/bare', rps(before), rps(bareTarget));
    }
    await healthDuringLogins(api, iterations);
  } finally {
    await Promise.all([stop(bare.child), ...apis.map((a) => a.stop())]);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
