/**
 * API benchmark (not a test): prints figures and ratios, asserts nothing.
 *   npx nx build api && SWC_NODE_PROJECT=tools/tsconfig.scripts.json node -r @swc-node/register tools/bench/api/bench.ts
 * See README.md beside this file.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BARE_SERVER, freePort, startNode, stop, waitForOk } from './processes';

const DIST = resolve('dist/apps/api');
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10);
const DEMO = { email: 'demo@example.gov', password: 'demo-password-1' };

function calibratedIterations(): number {
  if (process.env['PBKDF2_ITERATIONS']) return Number(process.env['PBKDF2_ITERATIONS']);
  console.log('calibrating PBKDF2 for ~300 ms (set PBKDF2_ITERATIONS to skip) ...');
  const out = execFileSync(process.execPath, [join(DIST, 'calibrate-pbkdf2.js')]).toString();
  const match = /PBKDF2_ITERATIONS=(\d+)/.exec(out);
  if (!match) throw new Error(`calibrate-pbkdf2 printed no count:\n${out}`);
  return Number(match[1]);
}

async function throughput(url: string, headers: Record<string, string> = {}): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  return result.requests.average;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'dev.js'))) throw new Error('dist/apps/api/dev.js is missing: run `npx nx build api` first.');
  const iterations = calibratedIterations();
  const dataDir = await mkdtemp(join(tmpdir(), 'eapd-bench-'));
  const [apiPort, barePort] = await Promise.all([freePort(), freePort()]);
  const api = startNode([join(DIST, 'dev.js')], {
    PORT: String(apiPort), API_DATA_DIR: join(dataDir, 'postgres'), FILES_DIR: join(dataDir, 'files'),
    PBKDF2_ITERATIONS: String(iterations), NODE_ENV: 'development', LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
    LOGIN_MAX_FAILED_ATTEMPTS: '1000',
  });
  const bare = startNode(['-e', BARE_SERVER], { PORT: String(barePort) });
  const base = `http://127.0.0.1:${apiPort}/api`;
  try {
    await Promise.all([waitForOk(`${base}/health`, api.child, api.output), waitForOk(`http://127.0.0.1:${barePort}/bare`, bare.child, bare.output)]);
    const login = await (await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO) })).json();
    const auth = { Authorization: `Bearer ${login.token}` };
    const existing = (await (await fetch(`${base}/apds?limit=100`, { headers: auth })).json()).total as number;
    for (let i = existing; i < 50; i++) {
      await fetch(`${base}/apds`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bench APD ${i}`, years: [2027, 2028], summary: 'Benchmark data', activities: [] }),
      });
    }
    const listed = (await (await fetch(`${base}/apds?limit=50`, { headers: auth })).json()).items.length;

    console.log(`\n1) throughput, ${CONNECTIONS} connections x ${SECONDS} s each (same run, same machine)`);
    const bareRps = await throughput(`http://127.0.0.1:${barePort}/bare`);
    const listRps = await throughput(`${base}/apds?limit=50`, auth);
    console.log(`   bare Express handler            ${bareRps.toFixed(0).padStart(8)} req/s`);
    console.log(`   GET /api/apds (${listed} APDs, auth) ${listRps.toFixed(0).padStart(8)} req/s`);
    console.log(`   ratio list/bare                 ${((listRps / bareRps) * 100).toFixed(1).padStart(7)} %   (goal >= 40 %)`);

    console.log(`\n2) /api/health latency during 20 concurrent logins at ${iterations} PBKDF2 iterations`);
    const latencies: number[] = [];
    let loginsDone = false;
    const probe = (async () => {
      while (!loginsDone) {
        const started = performance.now();
        await fetch(`${base}/health`);
        latencies.push(performance.now() - started);
      }
    })();
    const loginStarted = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO) }).then((r) => r.status),
      ),
    );
    const loginMs = performance.now() - loginStarted;
    loginsDone = true;
    await probe;
    latencies.sort((a, b) => a - b);
    console.log(`   20 logins: ${statuses.filter((s) => s === 200).length} x 200 in ${loginMs.toFixed(0)} ms`);
    console.log(`   health: ${latencies.length} requests, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms   (goal p99 < 50 ms)`);
  } finally {
    await Promise.all([stop(api.child), stop(bare.child)]);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
