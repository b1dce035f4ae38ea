#!/usr/bin/env node
/**
 * CI speed benchmark (not a test): times `nx run-many -t lint test build` cold (what a
 * CircleCI build pays with no usable cache), then the same command fully cached (what it
 * pays when the restored .nx/cache covers everything), in the same run on the same
 * machine, and prints both and their ratio. Goal: cached ≤ 10% of cold.
 * The cold run uses `--skip-nx-cache`. In Nx 23 that flag also skips STORING results, so
 * an untimed fill run (without the flag) comes between the two, making sure every task's
 * current result is in .nx/cache before the cached run is timed.
 *   node tools/bench/ci-cache.mjs [--targets lint,test,build] [--projects a,b]
 * Timings are printed, never asserted: they depend on the machine and its load.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(fileURLToPath(import.meta.url), '../../..');
const { values } = parseArgs({
  options: { targets: { type: 'string', default: 'lint,test,build' }, projects: { type: 'string' } }
});
const base = ['run-many', '-t', ...values.targets.split(','), '--outputStyle=stream'];
if (values.projects) base.push(`--projects=${values.projects}`);
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0', NX_TUI: 'false' };

function timed(label, args) {
  process.stdout.write(`\n== ${label}: nx ${args.join(' ')}\n`);
  const started = process.hrtime.bigint();
  const r = spawnSync(join(root, 'node_modules/.bin/nx'), args, { cwd: root, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 30 * 60_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-6).join('\n');
  process.stdout.write(`${tail}\n-> ${seconds.toFixed(1)} s (exit ${r.status})\n`);
  const hits = `${r.stdout ?? ''}`.match(/Cache:\s+(.*)/)?.[1];
  if (hits) process.stdout.write(`   cache: ${hits}\n`);
  if (r.status !== 0) {
    process.stderr.write(`${label} run failed (exit ${r.status}); the comparison would be meaningless. Fix the failing task first.\n`);
    process.exit(1);
  }
  return seconds;
}

const cold = timed('cold (--skip-nx-cache)', [...base, '--skip-nx-cache']);
timed('fill the cache (not part of the comparison)', base);
const cached = timed('cached', base);
const ratio = cached / cold;
console.log(`\nci-cache: cold ${cold.toFixed(1)} s, cached ${cached.toFixed(1)} s, cached/cold = ${(ratio * 100).toFixed(1)}% (goal ≤ 10%: ${ratio <= 0.1 ? 'met' : 'NOT met'})`);
