/**
 * Benchmark (not a test): our frontend sync against `aws s3 sync --delete` on the same local
 * S3-compatible server (s3rver on 127.0.0.1), same tree, same run. Prints times, ratios and
 * the PUT requests each tool made, counted on the server.
 *   node -r @swc-node/register tools/bench/s3-sync/bench.ts   (or: npx nx run tools:bench-s3-sync)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { generateTree } from './generate-tree';
import { awsCli, awsCliPath, oursAsLibrary, oursViaNx } from './run-tools';

const root = join(__dirname, '../../..');

interface Measure { ms: number; puts: number; deletes: number }
type Counts = Record<string, Record<string, number>>;

function startServer(buckets: string[]): Promise<{ endpoint: string; counts: () => Promise<Counts>; stop: () => void; child: ChildProcess }> {
  const child = fork(join(__dirname, 's3rver-process.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, BENCH_BUCKETS: buckets.join(','), SWC_NODE_PROJECT: join(root, 'tools/tsconfig.scripts.json') },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (msg: { type: string; endpoint: string }) => {
      resolve({
        endpoint: msg.endpoint,
        child,
        counts: () => new Promise((r) => { child.once('message', (m: { counts: Counts }) => r(m.counts)); child.send({ type: 'counts' }); }),
        stop: () => child.send({ type: 'stop' }),
      });
    });
  });
}

async function main() {
  const aws = awsCliPath() ?? process.env['AWS_CLI'];
  if (!aws) {
    console.error('awscli not found: install Debian\'s package (apt-get install -y awscli) or set AWS_CLI=/path/to/aws.');
    process.exit(1);
  }
  const work = await mkdtemp(join(tmpdir(), 'bench-s3-sync-'));
  const source = join(work, 'build');
  const tree = await generateTree(source);
  console.log(`Tree: ${tree.files} files, ${(tree.bytes / 1024 / 1024).toFixed(1)} MB; awscli: ${aws}`);
  // The machine may be shared: the load says how much the figures below can be trusted.
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`Load average (1/5/15 min) at start: ${load()}`);
  const s3 = await startServer(['ours-lib', 'ours-nx', 'awscli']);

  const tools: Record<string, (bucket: string) => Promise<void>> = {
    'ours (library)': (b) => oursAsLibrary(source, b, s3.endpoint),
    'ours (nx run web:deploy)': (b) => oursViaNx(source, b, s3.endpoint, root),
    'aws s3 sync --delete': (b) => awsCli(aws, source, b, s3.endpoint, work),
  };
  const buckets: Record<string, string> = { 'ours (library)': 'ours-lib', 'ours (nx run web:deploy)': 'ours-nx', 'aws s3 sync --delete': 'awscli' };

  const measure = async (tool: string): Promise<Measure> => {
    const before = (await s3.counts())[buckets[tool]] ?? {};
    const t0 = performance.now();
    await tools[tool](buckets[tool]);
    const ms = performance.now() - t0;
    const after = (await s3.counts())[buckets[tool]] ?? {};
    const delta = (m: string) => (after[m] ?? 0) - (before[m] ?? 0);
    return { ms, puts: delta('PUT'), deletes: delta('POST') + delta('DELETE') };
  };

  const results: Record<string, Record<string, Measure>> = {};
  const scenario = async (name: string, before?: () => Promise<void>) => {
    if (before) await before();
    results[name] = {};
    for (const tool of Object.keys(tools)) {
      results[name][tool] = await measure(tool);
      const m = results[name][tool];
      console.log(`  ${name}: ${tool} ${(m.ms / 1000).toFixed(2)} s, ${m.puts} PUTs`);
    }
  };
  try {
    await scenario('first sync');
    await scenario('no-op re-sync');
    // Same names, new content (same size for half of them: size alone would miss those).
    await scenario('20 files changed', async () => {
      await new Promise((r) => setTimeout(r, 1100)); // awscli compares mtimes at one-second resolution
      for (const [i, a] of tree.assets.slice(100, 120).entries()) await writeFile(join(source, a), i % 2 ? `changed ${i}`.padEnd(700, '.') : `changed content ${i}`);
    });
  } finally {
    s3.stop();
    await rm(work, { recursive: true, force: true });
  }

  console.log(`Load average (1/5/15 min) at end: ${load()}`);
  const baseline = 'aws s3 sync --delete';
  console.log(`\n${'scenario'.padEnd(18)} ${'tool'.padEnd(26)} ${'time'.padStart(9)} ${'×awscli'.padStart(8)} ${'PUTs'.padStart(6)} ${'deletes'.padStart(8)}`);
  for (const [name, byTool] of Object.entries(results)) {
    for (const [tool, m] of Object.entries(byTool)) {
      const ratio = (m.ms / byTool[baseline].ms).toFixed(2);
      console.log(`${name.padEnd(18)} ${tool.padEnd(26)} ${`${(m.ms / 1000).toFixed(2)} s`.padStart(9)} ${ratio.padStart(8)} ${String(m.puts).padStart(6)} ${String(m.deletes).padStart(8)}`);
    }
  }
  const lib = results['first sync']['ours (library)'].ms / results['first sync'][baseline].ms;
  const noop = results['no-op re-sync']['ours (nx run web:deploy)'].ms / results['no-op re-sync'][baseline].ms;
  console.log(`\nGoals: first sync ≤ 0.80× awscli (library: ${lib.toFixed(2)}×); no-op via Nx ≤ 1.00× awscli (${noop.toFixed(2)}×) with 0 PUTs (` +
    `${results['no-op re-sync']['ours (nx run web:deploy)'].puts}); 20-file change = 20 PUTs (library ${results['20 files changed']['ours (library)'].puts}, Nx ${results['20 files changed']['ours (nx run web:deploy)'].puts}).`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
