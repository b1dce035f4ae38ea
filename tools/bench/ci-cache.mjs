#!/usr/bin/env node
/**
 * CI speed benchmark (not a test): times `nx run-many -t lint test build` cold (what a
 * CircleCI build pays with no usable cache), then the same command fully cached (what it
 * pays when the restored .nx/cache covers everything), in the same run on the same
 * machine, and prints both and their ratio. Goal: cached ≤ 10% of cold.
 * The cold run uses `--skip-nx-cache`. In Nx 23 that flag also skips STORING results
 * (measured: the next run restores 0 of 14 tasks), so an untimed fill run (without the flag)
 * comes between the two, making sure every task's current result is in .nx/cache before the
 * cached run is timed; its time is printed too, as a second cold sample. A cached run that
 * still executes tasks is named in a warning (inputs changed during the benchmark).
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

/** Tasks of a run that executed instead of coming from the cache (`> nx run p:t` without a cache note). */
function executedTasks(stdout) {
  return [...stdout.matchAll(/^> nx run (\S+)(.*)$/gm)].filter((m) => !/cache/.test(m[2])).map((m) => m[1]);
}

function timed(label, args) {
  process.stdout.write(`\n== ${label}: nx ${args.join(' ')}\n`);
  const started = process.hrtime.bigint();
  const r = spawnSync(join(root, 'node_modules/.bin/nx'), args, { cwd: root, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 30 * 60_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stdout = r.stdout ?? '';
  const tail = `${stdout}${r.stderr ?? ''}`.trim().split('\n').slice(-6).join('\n');
  process.stdout.write(`${tail}\n-> ${seconds.toFixed(1)} s (exit ${r.status})\n`);
  const hits = stdout.match(/Cache:\s+(.*)/)?.[1];
  if (hits) process.stdout.write(`   cache: ${hits}\n`);
  if (r.status !== 0) {
    process.stderr.write(`${label} run failed (exit ${r.status}); the comparison would be meaningless. Fix the failing task first.\n`);
    process.exit(1);
  }
  return { seconds, executed: executedTasks(stdout) };
}

const cold = timed('cold (--skip-nx-cache)', [...base, '--skip-nx-cache']);
// --skip-nx-cache stores nothing, so this run is a second cold sample unless .nx/cache already
// held results from before: it then says how many tasks it restored.
const fill = timed('fill the cache (not part of the comparison)', base);
const cached = timed('cached', base);
if (cached.executed.length > 0) {
  console.log(
    `\nWARNING: ${cached.executed.length} task(s) ran again in the cached run: ${cached.executed.join(', ')}.` +
      '\nTheir inputs changed between the runs (files edited while the benchmark ran, or inputs that are' +
      '\nnot stable, e.g. a file the task itself writes). Run it on a quiet checkout, or fix those inputs.'
  );
}
const pct = (a, b) => `${((a / b) * 100).toFixed(1)}%`;
const ratio = cached.seconds / cold.seconds;
console.log(
  `\nci-cache: cold ${cold.seconds.toFixed(1)} s, cached ${cached.seconds.toFixed(1)} s, cached/cold = ${pct(cached.seconds, cold.seconds)}` +
    ` (goal ≤ 10%: ${ratio <= 0.1 ? 'met' : 'NOT met'})` +
    (fill.executed.length > 0 ? `; fill run ${fill.seconds.toFixed(1)} s with ${fill.executed.length} task(s) executed, cached/fill = ${pct(cached.seconds, fill.seconds)}` : '')
);
