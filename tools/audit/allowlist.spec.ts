import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Advisory } from './audit-report';
import { entryMatches, isExpired, loadAllowlist, parseAllowlist } from './allowlist';

const advisory: Advisory = {
  ghsa: 'GHSA-xvch-5gv4-984h',
  source: 1097678,
  url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h',
  title: 'Prototype Pollution in minimist',
  severity: 'critical',
  packageName: 'minimist',
  range: '<0.2.4',
  pulledInBy: ['mkdirp']
};

describe('allowlist', () => {
  it('reads complete entries from YAML (unquoted dates included)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'allowlist-'));
    try {
      const file = join(dir, 'allowlist.yml');
      writeFileSync(file, 'advisories:\n  - id: GHSA-xvch-5gv4-984h\n    reason: build-time only\n    expires: 2027-01-31\n');
      expect(loadAllowlist(file)).toEqual({ entries: [{ id: 'GHSA-xvch-5gv4-984h', reason: 'build-time only', expires: '2027-01-31' }], problems: [] });
      writeFileSync(file, 'advisories:\n  - id: GHSA-xvch-5gv4-984h\n    id: again\n');
      expect(() => loadAllowlist(file)).toThrow(/could not be read: Map keys must be unique/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports every entry missing a field, naming the fields', () => {
    const { entries, problems } = parseAllowlist(
      { advisories: [{ id: 'GHSA-xvch-5gv4-984h', expires: '2027-01-01' }, { reason: 'x' }, { id: 1097678, reason: 'ok', expires: '2027-01-01' }] },
      'list.yml'
    );
    expect(problems).toEqual([
      'allowlist list.yml, entry 1 (GHSA-xvch-5gv4-984h): missing reason; every entry needs an advisory id, a reason and an expiry date',
      'allowlist list.yml, entry 2: missing id, expires; every entry needs an advisory id, a reason and an expiry date'
    ]);
    expect(entries.map((e) => e.id)).toEqual(['1097678']);
  });

  it('rejects malformed ids and impossible dates', () => {
    const { problems } = parseAllowlist(
      { advisories: [{ id: 'minimist', reason: 'r', expires: '2027-01-01' }, { id: 'GHSA-xvch-5gv4-984h', reason: 'r', expires: '2027-02-30' }] },
      'l'
    );
    expect(problems[0]).toMatch(/id "minimist" is not a GHSA id/);
    expect(problems[1]).toMatch(/expires must be a date written YYYY-MM-DD, got "2027-02-30"/);
  });

  it('matches an advisory by GHSA id (any case), URL or npm number', () => {
    for (const id of ['ghsa-xvch-5gv4-984h', 'https://github.com/advisories/GHSA-xvch-5gv4-984h', '1097678']) {
      expect(entryMatches({ id, reason: 'r', expires: '2030-01-01' }, advisory)).toBe(true);
    }
    expect(entryMatches({ id: 'GHSA-c2qf-rxjj-qqgw', reason: 'r', expires: '2030-01-01' }, advisory)).toBe(false);
  });

  it('honours an entry through its expiry day', () => {
    const entry = { id: 'x', reason: 'r', expires: '2026-11-26' };
    expect(isExpired(entry, '2026-11-26')).toBe(false);
    expect(isExpired(entry, '2026-11-27')).toBe(true);
  });
});
