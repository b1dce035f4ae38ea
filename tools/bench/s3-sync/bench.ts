/**
 * Benchmark (not a test): our frontend sync against `aws s3 sync --delete` on the same local
 * S3-compatible server (s3rver on 127.0.0.1), same tree, same run, at several tree sizes.
 * Prints times, ratios to awscli and the PUT requests each tool made (counted on the server),
 * then Nx's own start-up before the deploy executor runs.
 *   SWC_NODE_PROJECT=tools/tsconfig.scripts.json node -r @swc-node/register tools/bench/s3-sync/bench.ts
 * BENCH_SIZES=300,2000,10000 (default) picks the tree sizes. See README.md beside this file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { generateTree } from './generate-tree';
import { awsCli, awsCliPath, NX_CI_ENV, nxStartup, oursAsLibrary, oursViaNx } from './run-tools';

const root = join(__dirname, '../../..');
const SIZES = (process.env['BENCH_SIZES'] ?? '300,2000,10000').split(',').map(Number);
const TOOLS = ['ours (library)', 'ours (nx run)', 'ours (npx nx run)', 'aws s3 sync'] as const;
type Tool = (typeof TOOLS)[number];
const SCENARIOS = ['first sync', 'no-op re-sync', '20 files changed'] as const;
type Scenario = (typeof SCENARIOS)[number];

interface Measure { ms: number; puts: number }
type Counts = Record<string, Record<string, number>>;

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

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

/** Every scenario for every tool on one tree of `files` files; tools take turns within each scenario. */
async function runSize(files: number, aws: string): Promise<Record<Scenario, Record<Tool, Measure>>> {
  const work = await mkdtemp(join(tmpdir(), 'bench-s3-sync-'));
  const source = join(work, 'build');
  const tree = await generateTree(source, files);
  // Written back to disk before anything is timed: otherwise the first tool's reads compete
  // with the kernel flushing the tree it just generated (up to 146 MB).
  spawnSync('sync');
  console.log(`\n${tree.files} files, ${(tree.bytes / 1024 / 1024).toFixed(1)} MB (load ${load()})`);
  const buckets: Record<Tool, string> = { 'ours (library)': `lib-${files}`, 'ours (nx run)': `nx-${files}`, 'ours (npx nx run)': `npx-${files}`, 'aws s3 sync': `awscli-${files}` };
  const s3 = await startServer([...Object.values(buckets), 'warm-up']);
  // s3rver starts cold for each size: a small untimed sync first, so its JIT warm-up is not
  // charged to whichever tool happens to upload first.
  const warmUp = join(work, 'warm-up');
  await generateTree(warmUp, 300);
  await oursAsLibrary(warmUp, 'warm-up', s3.endpoint, join(work, 'warm-up-hash-cache'));
  await oursAsLibrary(warmUp, 'warm-up', s3.endpoint, join(work, 'warm-up-hash-cache'));
  const run: Record<Tool, (bucket: string) => Promise<void>> = {
    'ours (library)': (b) => oursAsLibrary(source, b, s3.endpoint, join(work, 'hash-cache')),
    'ours (nx run)': (b) => oursViaNx(source, b, s3.endpoint, root, 'nx'),
    'ours (npx nx run)': (b) => oursViaNx(source, b, s3.endpoint, root, 'npx nx'),
    'aws s3 sync': (b) => awsCli(aws, source, b, s3.endpoint, work),
  };
  const measure = async (tool: Tool): Promise<Measure> => {
    const before = (await s3.counts())[buckets[tool]] ?? {};
    spawnSync('sync'); // the previous tool's uploads (s3rver's files) on disk first, untimed
    const t0 = performance.now();
    await run[tool](buckets[tool]);
    const ms = performance.now() - t0;
    const after = (await s3.counts())[buckets[tool]] ?? {};
    return { ms, puts: (after['PUT'] ?? 0) - (before['PUT'] ?? 0) };
  };
  const results = {} as Record<Scenario, Record<Tool, Measure>>;
  try {
    for (const scenario of SCENARIOS) {
      if (scenario === '20 files changed') {
        // Same names, new content (same size for half of them: size alone would miss those);
        // awscli compares modification times at one-second resolution, hence the wait.
        await new Promise((r) => setTimeout(r, 1100));
        for (const [i, a] of tree.assets.slice(100, 120).entries()) await writeFile(join(source, a), i % 2 ? `changed ${i}`.padEnd(700, '.') : `changed content ${i}`);
      }
      results[scenario] = {} as Record<Tool, Measure>;
      // Each scenario starts with the next tool, so no tool is always the one that runs first
      // after the tree changed (cold caches) or right after another tool's heavy work.
      const order = TOOLS.map((_, i) => TOOLS[(i + SCENARIOS.indexOf(scenario)) % TOOLS.length]);
      for (const tool of order) {
        results[scenario][tool] = await measure(tool);
        console.log(`  ${scenario}: ${tool} ${(results[scenario][tool].ms / 1000).toFixed(2)} s, ${results[scenario][tool].puts} PUTs`);
      }
    }
  } finally {
    s3.stop();
    await rm(work, { recursive: true, force: true });
  }
  return results;
}

async function main() {
  const aws = awsCliPath() ?? process.env['AWS_CLI'];
  if (!aws) {
    console.error('awscli not found: install Debian\'s package (apt-get install -y awscli) or set AWS_CLI=/path/to/aws.');
    process.exit(1);
  }
  console.log(`awscli: ${aws}; Nx runs with ${Object.entries(NX_CI_ENV).map(([k, v]) => `${k}=${v}`).join(' ')} (as in CircleCI)`);
  console.log(`Load average (1/5/15 min) at start: ${load()}`);
  const bySize: Array<[number, Record<Scenario, Record<Tool, Measure>>]> = [];
  for (const files of SIZES) bySize.push([files, await runSize(files, aws)]);

  console.log('\nNx start-up before the deploy executor runs (each the best of 3; goal: <= 1.5 s until the executor):');
  const startup = await nxStartup(root);
  for (const [what, ms] of Object.entries(startup)) console.log(`  ${what.padEnd(96)} ${(ms / 1000).toFixed(2)} s`);
  console.log(`Load average (1/5/15 min) at end: ${load()}`);

  const cell = (m: Measure, base: Measure) => `${(m.ms / 1000).toFixed(2)} s (${(m.ms / base.ms).toFixed(2)}×)`;
  console.log(`\n| files | scenario | ours (library) | ours (\`nx run web:deploy\`, as CI) | ours (\`npx nx run web:deploy\`) | aws s3 sync --delete | PUTs lib / nx / npx / aws |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const [files, results] of bySize) {
    for (const scenario of SCENARIOS) {
      const r = results[scenario];
      const base = r['aws s3 sync'];
      console.log(`| ${files} | ${scenario} | ${cell(r['ours (library)'], base)} | ${cell(r['ours (nx run)'], base)} | ${cell(r['ours (npx nx run)'], base)} | ${(base.ms / 1000).toFixed(2)} s | ${r['ours (library)'].puts} / ${r['ours (nx run)'].puts} / ${r['ours (npx nx run)'].puts} / ${base.puts} |`);
    }
  }
  console.log('\nGoals: library <= 0.70× awscli in every scenario at 2 000 and 10 000 files; nx run no-op <= 1.5× at 2 000 and <= 1.0× at 10 000.');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
