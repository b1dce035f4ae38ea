import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The one totals line .ci/run ends with.
const SCRIPT = join(__dirname, 'sum-results.mjs');

describe('tools/test/sum-results.mjs', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sum-results-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (run: string, content: unknown) => writeFileSync(join(dir, `summary-${run}.json`), typeof content === 'string' ? content : JSON.stringify(content));
  const sum = (...runs: string[]) => {
    const r = spawnSync(process.execPath, [SCRIPT, dir, ...runs], { encoding: 'utf8' });
    return { status: r.status, lines: r.stdout.trim().split('\n'), last: r.stdout.trim().split('\n').pop() };
  };

  it('adds up every run; no "skipped" part when nothing was skipped; exit 0', () => {
    write('default', { passed: 800, failed: 0, skipped: 0 });
    write('boot', { passed: 71, failed: 0, skipped: 0 });
    expect(sum('default', 'boot')).toMatchObject({ status: 0, last: 'Tests: 871 passed, 0 failed' });
  });

  it('shows skipped tests and fails when a test failed', () => {
    write('default', { passed: 10, failed: 2, skipped: 1 });
    write('boot', { passed: 3, failed: 0, skipped: 2 });
    expect(sum('default', 'boot')).toMatchObject({ status: 1, last: 'Tests: 13 passed, 2 failed, 3 skipped' });
  });

  it('a run without a summary (crashed or never reached) counts as a failure and says so', () => {
    write('default', { passed: 5, failed: 0, skipped: 0 });
    const result = sum('default', 'boot');
    expect(result).toMatchObject({ status: 1, last: 'Tests: 5 passed, 1 failed' });
    expect(result.lines[0]).toMatch(/^\(no results from the boot run: .*summary-boot\.json is missing; counted as 1 failure\)$/);
  });

  it('a malformed or unreadable summary counts as a failure', () => {
    write('default', { passed: 'many' });
    write('boot', '{not json');
    expect(sum('default', 'boot')).toMatchObject({ status: 1, last: 'Tests: 0 passed, 2 failed' });
  });

  it('without arguments it prints its usage and exits 2', () => {
    const r = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^usage: /);
  });
});
