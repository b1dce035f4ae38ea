/**
 * CPU profile of the API under the list route's load (not a test):
 *   npx nx build api && SWC_NODE_PROJECT=tools/tsconfig.scripts.json node -r @swc-node/register tools/bench/api/profile.ts [out-dir]
 * Starts the built dev entry with --cpu-prof, runs autocannon against GET /api/apds?limit=50 for
 * BENCH_SECONDS (default 10), stops the API (SIGINT writes the .cpuprofile into out-dir) and
 * prints the heaviest functions by self time.
 */
import autocannon from 'autocannon';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { LIST_SIZE, startApi } from './api-under-test';
import { startBenchPostgres } from './postgres';

const DIST = resolve(process.env['BENCH_API_DIST'] ?? 'dist/apps/api');
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[] }

function summarise(profile: Profile): void {
  const counts = new Map<number, number>();
  for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of profile.nodes) {
    const n = counts.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/.*node_modules\//, '').replace(/.*dist\/apps\/api\//, 'api/') || '(native)';
    const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + n);
    const pkg = file.startsWith('@') ? file.split('/').slice(0, 2).join('/') : file.split('/')[0];
    byFile.set(pkg, (byFile.get(pkg) ?? 0) + n);
  }
  const total = profile.samples.length;
  const top = (m: Map<string, number>, k: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, k).forEach(([name, n]) => console.log(`${((n / total) * 100).toFixed(1).padStart(6)} %  ${name}`));
  console.log(`\nself time by package/file (${total} samples):`);
  top(byFile, 25);
  console.log('\nself time by function:');
  top(byFunction, 40);
}

async function main(): Promise<void> {
  const outDir = resolve(process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'eapd-profile-'))));
  const dataDir = await mkdtemp(join(tmpdir(), 'eapd-bench-'));
  await chmod(dataDir, 0o755);
  const postgres = await startBenchPostgres(join(dataDir, 'postgres'));
  try {
    const admin = new Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('create database bench_profile');
    await admin.end();
    const api = await startApi(DIST, postgres.url.replace(/\/postgres$/, '/bench_profile'), dataDir, { PBKDF2_ITERATIONS: '1000' }, ['--cpu-prof', `--cpu-prof-dir=${outDir}`]);
    try {
      const result = await autocannon({ url: `${api.base}/apds?limit=${LIST_SIZE}`, connections: 10, duration: SECONDS, headers: api.auth });
      console.log(`${result.requests.average} req/s, non-2xx ${result.non2xx}, errors ${result.errors}`);
    } finally {
      await api.stop();
    }
    const file = (await readdir(outDir)).filter((f) => f.endsWith('.cpuprofile')).sort().pop();
    if (!file) throw new Error(`no .cpuprofile in ${outDir}`);
    console.log(`profile: ${join(outDir, file)}`);
    summarise(JSON.parse(await readFile(join(outDir, file), 'utf8')) as Profile);
  } finally {
    await postgres.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`profile failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
