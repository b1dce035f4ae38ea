import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAuditReport } from './audit-report';
import { evaluatePolicy } from './evaluate-policy';
import { formatPolicyResult } from './format-policy-result';

const advisories = parseAuditReport(readFileSync(join(__dirname, '__fixtures__/mixed.json'), 'utf8'));
const TODAY = '2026-11-26';
const empty = { entries: [], problems: [] };
const verdicts = (r: ReturnType<typeof evaluatePolicy>) => Object.fromEntries(r.decisions.map((d) => [d.advisory.ghsa, d.verdict]));

describe('evaluatePolicy', () => {
  it('fails on findings at or above the default threshold (high)', () => {
    const result = evaluatePolicy(advisories, empty, 'high', TODAY);
    expect(result.passed).toBe(false);
    expect(verdicts(result)).toEqual({
      'GHSA-xvch-5gv4-984h': 'blocking',
      'GHSA-c2qf-rxjj-qqgw': 'blocking',
      'GHSA-8cf7-32gw-wr33': 'below-threshold',
      'GHSA-pxg6-pf52-xh8x': 'below-threshold'
    });
  });

  it('is configurable: critical only, or down to low', () => {
    expect(verdicts(evaluatePolicy(advisories, empty, 'critical', TODAY))['GHSA-c2qf-rxjj-qqgw']).toBe('below-threshold');
    expect(verdicts(evaluatePolicy(advisories, empty, 'low', TODAY))['GHSA-pxg6-pf52-xh8x']).toBe('blocking');
  });

  it('passes when every blocking advisory has an unexpired allowlist entry', () => {
    const allowlist = {
      entries: [
        { id: 'GHSA-xvch-5gv4-984h', reason: 'build only', expires: '2026-12-31' },
        { id: '1101088', reason: 'no user-controlled ranges', expires: TODAY }
      ],
      problems: []
    };
    const result = evaluatePolicy(advisories, allowlist, 'high', TODAY);
    expect(result.passed).toBe(true);
    expect(formatPolicyResult(result)).toMatch(/allowed until 2026-12-31/);
  });

  it('fails on an expired entry, even when its advisory is gone', () => {
    const allowlist = { entries: [{ id: 'GHSA-xvch-5gv4-984h', reason: 'build only', expires: '2026-11-25' }], problems: [] };
    const result = evaluatePolicy(advisories, allowlist, 'critical', TODAY);
    expect(result.passed).toBe(false);
    expect(verdicts(result)['GHSA-xvch-5gv4-984h']).toBe('expired-allowance');
    const gone = evaluatePolicy([], allowlist, 'critical', TODAY);
    expect(gone.passed).toBe(false);
    expect(gone.allowlistProblems[0]).toMatch(/GHSA-xvch-5gv4-984h expired on 2026-11-25/);
  });

  it('fails on a malformed allowlist entry and notes unused ones', () => {
    const result = evaluatePolicy([], { entries: [{ id: 'GHSA-aaaa-bbbb-cccc', reason: 'r', expires: '2030-01-01' }], problems: ['entry 2: missing reason'] }, 'high', TODAY);
    expect(result.passed).toBe(false);
    expect(formatPolicyResult(result)).toMatch(/note: allowlist entry GHSA-aaaa-bbbb-cccc matches no current advisory/);
  });

  it('prints a table, most severe first, with the direct dependency to upgrade', () => {
    const text = formatPolicyResult(evaluatePolicy(advisories, empty, 'high', TODAY));
    const rows = text.split('\n').slice(2, 6);
    expect(rows[0]).toMatch(/^critical\s+minimist <0\.2\.4\s+mkdirp\s+GHSA-xvch-5gv4-984h\s+FAIL\s+Prototype Pollution/);
    expect(rows[1]).toMatch(/^high\s+semver .*jsonwebtoken, pino-pretty-ish/);
    expect(text).toMatch(/Dependency policy FAILED \(threshold: high\): 2 blocking advisories/);
  });
});
