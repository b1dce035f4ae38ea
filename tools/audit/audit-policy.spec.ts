import { chmodSync, mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditPolicy } from './audit-policy';

const FIXTURES = join(__dirname, '__fixtures__');

describe('audit-policy command', () => {
  let dir: string;
  let out: string[];
  const originalPath = process.env['PATH'];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-policy-'));
    out = [];
    jest.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
    jest.spyOn(console, 'error').mockImplementation((m: string) => void out.push(m));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env['PATH'] = originalPath;
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes a clean report and fails a report with high findings', () => {
    expect(auditPolicy(['--report', join(FIXTURES, 'clean.json')], dir)).toBe(0);
    expect(out.join('\n')).toMatch(/no advisories/);
    expect(auditPolicy(['--report', join(FIXTURES, 'mixed.json')], dir)).toBe(1);
  });

  it('uses the allowlist file and the threshold given', () => {
    const allowlist = join(dir, 'allow.json');
    writeFileSync(allowlist, JSON.stringify({ advisories: [{ id: 'GHSA-xvch-5gv4-984h', reason: 'build only', expires: '2099-01-01' }] }));
    expect(auditPolicy(['--report', join(FIXTURES, 'mixed.json'), '--threshold', 'critical', '--allowlist', allowlist], dir)).toBe(0);
    expect(auditPolicy(['--report', join(FIXTURES, 'mixed.json'), '--threshold', 'critical', '--allowlist', allowlist, '--today', '2099-01-02'], dir)).toBe(1);
  });

  it('rejects an unknown threshold and a missing allowlist with a clear error', () => {
    expect(() => auditPolicy(['--report', join(FIXTURES, 'clean.json'), '--threshold', 'severe'], dir)).toThrow(/--threshold: expected one of info, low, moderate, high, critical/);
    expect(() => auditPolicy(['--report', join(FIXTURES, 'clean.json'), '--allowlist', 'nope.yml'], dir)).toThrow(/allowlist .*nope.yml does not exist/);
  });

  it('the repo allowlist itself is valid and has no expired entries', () => {
    expect(auditPolicy(['--report', join(FIXTURES, 'clean.json'), '--allowlist', join(__dirname, 'allowlist.yml')], dir)).toBe(0);
  });

  it('--run-npm-audit runs "npm audit --omit=dev --json", judges its JSON despite exit 1, and saves it', () => {
    // A stand-in npm on PATH: the real advisory service is unreachable from test machines.
    const bin = join(dir, 'bin');
    require('node:fs').mkdirSync(bin);
    writeFileSync(
      join(bin, 'npm'),
      `#!/bin/sh\necho "$@" > "${join(dir, 'args')}"\ncat "${join(FIXTURES, 'mixed.json')}"\nexit 1\n`
    );
    chmodSync(join(bin, 'npm'), 0o755);
    process.env['PATH'] = `${bin}:${originalPath}`;
    expect(auditPolicy(['--run-npm-audit', '--save', 'reports/npm-audit.json'], dir)).toBe(1);
    expect(readFileSync(join(dir, 'args'), 'utf8').trim()).toBe('audit --omit=dev --json');
    expect(existsSync(join(dir, 'reports/npm-audit.json'))).toBe(true);
    expect(out.join('\n')).toMatch(/critical\s+minimist/);
  });
});
