#!/usr/bin/env node
/**
 * CI cache benchmark (not a test): does the Nx cache CircleCI saves make a CLEAN CLONE hit?
 *   1. cold:   a fresh clone of HEAD runs `nx run-many -t lint test build` with an empty cache.
 *   2. saved:  exactly the paths .circleci/config.yml's save-nx-cache command saves are copied
 *              out of that clone (what save_cache uploads), and the clone is deleted.
 *   3. cached: a second fresh clone, at the same path as CircleCI always uses, gets only those
 *              paths back (restore_cache) and runs the same command: every task should hit.
 *   4. baseline: the same with .nx/cache alone restored (the old config), to show why the
 *              database in .nx/workspace-data must travel with it.
 * Prints hits per run and cached/cold. node_modules is hard-linked into each clone (CircleCI
 * attaches it from the install job); it is not part of the cache.
 *   node tools/bench/ci-cache.mjs [--targets lint,test,build] [--projects a,b] [--keep]
 * Commit first: the clones are of HEAD. Timings are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

const root = join(fileURLToPath(import.meta.url), '../../..');
const { values } = parseArgs({
  options: { targets: { type: 'string', default: 'lint,test,build' }, projects: { type: 'string' }, keep: { type: 'boolean', default: false } },
});
const args = ['run-many', '-t', ...values.targets.split(','), '--outputStyle=stream'];
if (values.projects) args.push(`--projects=${values.projects}`);
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0', NX_TUI: 'false', CI: 'true' };

/** The paths the pipeline saves as its Nx cache. */
const config = parse(readFileSync(join(root, '.circleci/config.yml'), 'utf8'));
const savedPaths = config.commands['save-nx-cache'].steps[0].save_cache.paths;
console.log(`CircleCI saves: ${savedPaths.join(', ')}`);

const sh = (cmd, cmdArgs, cwd) => {
  const r = spawnSync(cmd, cmdArgs, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
};
const work = mkdtempSync(join(tmpdir(), 'ci-cache-'));
const project = join(work, 'project'); // like CircleCI's ~/project: the same path for every job
const saved = join(work, 'saved');

function cleanClone() {
  rmSync(project, { recursive: true, force: true });
  sh('git', ['clone', '--quiet', '--no-hardlinks', root, project], work);
  // Hard links: as fast as attaching the workspace, and node_modules is never written to here.
  sh('cp', ['-al', join(root, 'node_modules'), join(project, 'node_modules')], work);
}

function timed(label) {
  process.stdout.write(`\n== ${label}: nx ${args.join(' ')}\n`);
  const started = process.hrtime.bigint();
  const r = spawnSync(join(project, 'node_modules/.bin/nx'), args, { cwd: project, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 40 * 60_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const tasks = [...out.matchAll(/^> nx run (\S+)(.*)$/gm)];
  const hits = tasks.filter((m) => /cache/.test(m[2])).length;
  process.stdout.write(`${out.trim().split('\n').slice(-4).join('\n')}\n-> ${seconds.toFixed(1)} s, exit ${r.status}, ${hits}/${tasks.length} tasks from the cache\n`);
  if (r.status !== 0) {
    process.stderr.write(`${label} failed (exit ${r.status}); fix the failing task first.\n`);
    process.exit(1);
  }
  return { seconds, hits, tasks: tasks.length, missed: tasks.filter((m) => !/cache/.test(m[2])).map((m) => m[1]) };
}

function restore(paths) {
  for (const p of paths) if (existsSync(join(saved, p))) {
    mkdirSync(dirname(join(project, p)), { recursive: true });
    cpSync(join(saved, p), join(project, p), { recursive: true });
  }
}

console.log(`commit ${sh('git', ['rev-parse', '--short', 'HEAD'], root)}; work folder ${work}`);
if (sh('git', ['status', '--porcelain', '--untracked-files=no'], root)) console.log('note: uncommitted changes are not part of the clones');
cleanClone();
const cold = timed('cold: clean clone, empty cache');
for (const p of savedPaths) if (existsSync(join(project, p))) cpSync(join(project, p), join(saved, p), { recursive: true });

cleanClone();
restore(savedPaths);
const cached = timed(`cached: clean clone + restore of ${savedPaths.join(' + ')}`);

cleanClone();
restore(['.nx/cache']);
const cacheOnly = timed('baseline: clean clone + restore of .nx/cache only');

if (!values.keep) rmSync(work, { recursive: true, force: true });
const pct = (a, b) => `${((a / b) * 100).toFixed(1)}%`;
console.log(
  `\nci-cache: cold ${cold.seconds.toFixed(1)} s (${cold.tasks} tasks); cached ${cached.seconds.toFixed(1)} s with ${cached.hits}/${cached.tasks} hits` +
    `, cached/cold = ${pct(cached.seconds, cold.seconds)}; .nx/cache alone: ${cacheOnly.hits}/${cacheOnly.tasks} hits, ${cacheOnly.seconds.toFixed(1)} s (${pct(cacheOnly.seconds, cold.seconds)})`,
);
if (cached.missed.length > 0) console.log(`MISSED in the cached run: ${cached.missed.join(', ')}`);
process.exitCode = cached.hits === cached.tasks ? 0 : 1;
