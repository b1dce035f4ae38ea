#!/usr/bin/env node
/**
 * The last line of .ci/run: totals the summaries that `npm test` and `npm run test:boot`
 * write (tmp/test-results/summary-<run>.json, `{ passed, failed, skipped }`) into one line,
 * `Tests: N passed, N failed[, N skipped]`. A run that left no summary (it crashed, or was
 * never reached) counts as one failure, so the line can never look greener than the log.
 *   node tools/test/sum-results.mjs <results-dir> <run>...   e.g. tmp/test-results default boot
 * Exit 1 when anything failed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...runs] = process.argv.slice(2);
if (!dir || runs.length === 0) {
  console.error('usage: node tools/test/sum-results.mjs <results-dir> <run>...  (reads <results-dir>/summary-<run>.json)');
  process.exit(2);
}
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const run of runs) {
  const file = join(dir, `summary-${run}.json`);
  let summary;
  try {
    summary = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  } catch (error) {
    console.log(`(the ${run} run's summary ${file} is unreadable: ${error.message}; counted as 1 failure)`);
  }
  const counts = ['passed', 'failed', 'skipped'].map((k) => summary?.[k]);
  if (!summary || !counts.every((n) => Number.isInteger(n) && n >= 0)) {
    if (summary || !existsSync(file)) console.log(`(no results from the ${run} run: ${file} ${summary ? 'is malformed' : 'is missing'}; counted as 1 failure)`);
    totals.failed += 1;
    continue;
  }
  totals.passed += summary.passed;
  totals.failed += summary.failed;
  totals.skipped += summary.skipped;
}
console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
