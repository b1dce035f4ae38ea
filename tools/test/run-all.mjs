#!/usr/bin/env node
/**
 * The README's test command. Runs lint and build for every project (through Nx, so
 * cached work is skipped), then every Jest suite of the repo, and ends with one line that
 * totals them: `Tests: N passed, N failed[, N skipped]`.
 *
 * Suites are discovered, not listed, so a new suite cannot be forgotten: every
 * `jest*.config.cts` under apps/*, libs/* and tools/. The boot tests
 * (`jest.boot.config.cts`) need root and a disposable Debian machine, so they run only
 * with `--suite boot` (`npm run test:boot`).
 *
 * Options: --suite boot | --suite <name>   run only matching suites
 *          --no-prepare                     skip `nx run-many -t lint build`
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '../../..');
const args = process.argv.slice(2);
const suiteFilter = args.includes('--suite') ? args[args.indexOf('--suite') + 1] : undefined;
const bootMode = suiteFilter === 'boot';
const prepare = !args.includes('--no-prepare') && !bootMode && !suiteFilter;
const resultsDir = join(root, 'tmp', 'test-results');
mkdirSync(resultsDir, { recursive: true });

const env = { ...process.env, NX_DAEMON: 'false', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };

function run(cmd, cmdArgs, extraEnv = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  return { ok: r.status === 0, seconds: (Date.now() - started) / 1000, status: r.status };
}

function discoverSuites() {
  const found = [];
  for (const group of ['apps', 'libs']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const project of readdirSync(dir).sort()) {
      found.push(...configsIn(join(dir, project)));
    }
  }
  found.push(...configsIn(join(root, 'tools')));
  return found
    .map((file) => {
      const rel = relative(root, file);
      const kind = file.match(/jest(?:\.([a-z0-9-]+))?\.config\.cts$/)[1] ?? 'unit';
      const project = rel.split('/').slice(0, -1).join('/');
      return { file: rel, kind, name: `${project.replace(/\//g, '-')}${kind === 'unit' ? '' : `-${kind}`}` };
    })
    .filter((s) => (bootMode ? s.kind === 'boot' : s.kind !== 'boot'))
    .filter((s) => !suiteFilter || bootMode || s.name.includes(suiteFilter));
}

function configsIn(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^jest(\.[a-z0-9-]+)?\.config\.cts$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

const rows = [];
const totals = { passed: 0, failed: 0, skipped: 0 };

if (prepare) {
  console.log('\n=== lint and build (nx run-many -t lint build) ===');
  const r = run('npx', ['nx', 'run-many', '-t', 'lint', 'build', '--outputStyle=static']);
  rows.push({ name: 'lint + build', passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, skipped: 0, seconds: r.seconds });
  if (r.ok) totals.passed += 1;
  else totals.failed += 1;
}

for (const suite of discoverSuites()) {
  console.log(`\n=== ${suite.name} (${suite.file}) ===`);
  const out = join(resultsDir, `${suite.name}.json`);
  rmSync(out, { force: true });
  // Jest's default is one worker per core minus one: a single worker on CI's 2-core machine. The
  // unit suites spend most of their time waiting (stand-in servers, scripted health, child
  // processes), so two workers halve their wall time; the endpoint, browser and boot suites
  // keep the default (each worker starts its own PostgreSQL or Chromium).
  const workers = suite.kind === 'unit' ? ['--maxWorkers=2'] : [];
  const r = run('npx', ['jest', '-c', suite.file, '--ci', ...workers, '--json', `--outputFile=${out}`]);
  let counts = { passed: 0, failed: 1, skipped: 0 };
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    counts = {
      passed: j.numPassedTests,
      // A suite that failed to load counts as a failure even though none of its tests ran.
      failed: j.numFailedTests + j.numRuntimeErrorTestSuites,
      skipped: j.numPendingTests + j.numTodoTests,
    };
    if (!r.ok && counts.failed === 0) counts.failed = 1;
  }
  rows.push({ name: suite.name, ...counts, seconds: r.seconds });
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

console.log('\n=== summary ===');
for (const row of rows) {
  console.log(
    `  ${row.name.padEnd(28)} ${String(row.passed).padStart(4)} passed ${String(row.failed).padStart(3)} failed` +
      `${row.skipped ? ` ${row.skipped} skipped` : ''}  (${row.seconds.toFixed(1)} s)`,
  );
}
if (rows.length === 0) {
  console.log('  no suites found');
  totals.failed += 1;
}
writeFileSync(join(resultsDir, `summary-${bootMode ? 'boot' : suiteFilter ?? 'default'}.json`), JSON.stringify(totals) + '\n');
console.log(
  `Tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(totals.failed === 0 ? 0 : 1);
