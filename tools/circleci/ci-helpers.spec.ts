import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coverageSummary, parseLcov } from './coverage-summary';
import { deployRecord } from './deploy-record';
import { requireEnv } from './require-env';

describe('CI helper commands', () => {
  let dir: string;
  let out: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ci-helpers-'));
    out = [];
    jest.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
    jest.spyOn(console, 'error').mockImplementation((m: string) => void out.push(m));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('deploy-record: a deploy that did not run makes the workflow red', () => {
    const env = { CIRCLE_SHA1: 'a'.repeat(40), CIRCLE_WORKFLOW_ID: 'wf-1', CIRCLE_JOB: 'deploy-staging' };

    it('confirms a deploy this workflow recorded', () => {
      expect(deployRecord(['--environment', 'staging', '--write'], dir, env)).toBe(0);
      expect(deployRecord(['--environment', 'staging', '--confirm'], dir, env)).toBe(0);
    });

    it('fails when the deploy job left no record (not run, or failed)', () => {
      expect(deployRecord(['--environment', 'staging', '--confirm'], dir, env)).toBe(1);
      expect(out.join('\n')).toMatch(/did NOT deploy release a{40} to staging[\s\S]*"not run"/);
    });

    it('fails on a record of another release, another workflow, or another environment', () => {
      deployRecord(['--environment', 'staging', '--write'], dir, { ...env, CIRCLE_SHA1: 'b'.repeat(40) });
      expect(deployRecord(['--environment', 'staging', '--confirm'], dir, env)).toBe(1);
      deployRecord(['--environment', 'staging', '--write'], dir, { ...env, CIRCLE_WORKFLOW_ID: 'wf-0' });
      expect(deployRecord(['--environment', 'staging', '--confirm'], dir, env)).toBe(1);
      deployRecord(['--environment', 'production', '--write'], dir, env);
      expect(deployRecord(['--environment', 'staging', '--confirm'], dir, env)).toBe(1);
    });

    it('needs exactly one mode and CircleCI\'s variables', () => {
      expect(() => deployRecord(['--environment', 'staging'], dir, env)).toThrow(/exactly one/);
      expect(() => deployRecord(['--environment', 'staging', '--confirm'], dir, {})).toThrow(/CIRCLE_SHA1 is not set/);
    });
  });

  it('require-env continues when the variable is set and reports 3 (halt in CI) when it is not, never printing it', () => {
    expect(requireEnv(['--name', 'CODECOV_TOKEN'], { CODECOV_TOKEN: 's3cret' })).toBe(0);
    expect(requireEnv(['--name', 'CODECOV_TOKEN'], {})).toBe(3);
    expect(out.join('\n')).not.toContain('s3cret');
  });

  it('coverage-summary totals every lcov.info (and fails when there is none)', () => {
    expect(parseLcov('SF:a.ts\nFNF:4\nFNH:2\nLF:10\nLH:8\nBRF:2\nBRH:1\nend_of_record\nSF:b.ts\nLF:10\nLH:2\nend_of_record\n')).toEqual({
      lines: [10, 20], functions: [2, 4], branches: [1, 2],
    });
    expect(coverageSummary(['--dir', 'coverage'], dir)).toBe(1);
    for (const [suite, lh] of [['apps/api', 9], ['apps/web', 1]] as const) {
      mkdirSync(join(dir, 'coverage', suite), { recursive: true });
      writeFileSync(join(dir, 'coverage', suite, 'lcov.info'), `SF:x\nLF:10\nLH:${lh}\nend_of_record\n`);
    }
    expect(coverageSummary(['--dir', 'coverage'], dir)).toBe(0);
    expect(out.join('\n')).toMatch(/apps\/api\s+90\.0%[\s\S]*apps\/web\s+10\.0%[\s\S]*total\s+50\.0%/);
  });
});
