import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAuditReport } from './audit-report';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');

describe('parseAuditReport', () => {
  it('returns no advisories for a clean report', () => {
    expect(parseAuditReport(fixture('clean.json'))).toEqual([]);
  });

  it('extracts each advisory once, with GHSA id, npm id and severity', () => {
    const advisories = parseAuditReport(fixture('mixed.json'));
    expect(advisories.map((a) => [a.ghsa, a.source, a.severity]).sort()).toEqual(
      [
        ['GHSA-8cf7-32gw-wr33', 1097690, 'moderate'],
        ['GHSA-c2qf-rxjj-qqgw', 1101088, 'high'],
        ['GHSA-pxg6-pf52-xh8x', 1099846, 'low'],
        ['GHSA-xvch-5gv4-984h', 1097678, 'critical']
      ].sort()
    );
  });

  it('follows via/effects chains up to the direct dependencies that pull a package in', () => {
    const bySource = new Map(parseAuditReport(fixture('mixed.json')).map((a) => [a.source, a]));
    expect(bySource.get(1097678)?.pulledInBy).toEqual(['mkdirp']);
    // semver reaches us through jsonwebtoken directly and through make-dir -> pino-pretty-ish.
    expect(bySource.get(1101088)?.pulledInBy).toEqual(['jsonwebtoken', 'pino-pretty-ish']);
    expect(bySource.get(1097690)?.pulledInBy).toEqual(['jsonwebtoken']);
  });

  it('refuses a report in which npm audit itself failed, instead of passing it as clean', () => {
    expect(() => parseAuditReport(fixture('npm-error.json'))).toThrow(/npm audit itself failed \(ENOAUDIT/);
  });

  it('refuses npm 6 reports and non-JSON with a message saying what to pass', () => {
    expect(() => parseAuditReport(fixture('npm6-report.json'))).toThrow(/not an npm 7\+ audit report/);
    expect(() => parseAuditReport('npm ERR! network')).toThrow(/is not JSON/);
  });
});
