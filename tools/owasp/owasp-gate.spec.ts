import { chmodSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../lib/git';
import { createTempRepo, TempRepo } from '../testing/temp-git-repo';
import { decideZapScan } from './decide-zap-scan';
import { owaspGate } from './owasp-gate';

describe('OWASP ZAP gate against a real git repository', () => {
  let repo: TempRepo;
  let first: string;
  let head: string;

  beforeEach(() => {
    repo = createTempRepo('owasp-gate-');
    repo.write('a.txt', 'one\n');
    first = repo.commit('first');
    repo.write('a.txt', 'two\n');
    head = repo.commit('second');
  });
  afterEach(() => repo.remove());

  it('runs the scan when no commit carries the tag', () => {
    expect(decideZapScan({ cwd: repo.dir })).toMatchObject({ run: true, sha: head });
  });

  it('skips when HEAD carries a lightweight tag', () => {
    repo.git('tag', 'ignore-owasp');
    expect(decideZapScan({ cwd: repo.dir })).toMatchObject({ run: false, sha: head });
  });

  it('skips when HEAD carries an annotated tag', () => {
    repo.git('tag', '-a', 'ignore-owasp', '-m', 'scanned yesterday');
    expect(decideZapScan({ cwd: repo.dir }).run).toBe(false);
  });

  it('runs when the tag is on another commit, and skips for that commit', () => {
    repo.git('tag', '-a', 'ignore-owasp', '-m', 'old', first);
    expect(decideZapScan({ cwd: repo.dir }).run).toBe(true);
    expect(decideZapScan({ cwd: repo.dir, rev: first })).toMatchObject({ run: false, sha: first });
  });

  it('ignores other tags on the commit and accepts a custom tag name', () => {
    repo.git('tag', 'ignore-owasp-please');
    repo.git('tag', 'v1.2.3');
    expect(decideZapScan({ cwd: repo.dir }).run).toBe(true);
    expect(decideZapScan({ cwd: repo.dir, tag: 'v1.2.3' }).run).toBe(false);
  });

  it('fails clearly for a commit that is not in the repository', () => {
    expect(() => decideZapScan({ cwd: repo.dir, rev: 'f'.repeat(40) })).toThrow(/is not in the repository/);
  });

  describe('with --remote (the tag moved after the clone)', () => {
    let clone: string;
    beforeEach(() => {
      clone = join(repo.dir, '..', `${repo.dir.split('/').pop()}-clone`);
      git(['clone', '-q', repo.dir, clone], repo.dir);
    });
    afterEach(() => require('node:fs').rmSync(clone, { recursive: true, force: true }));

    it('sees a tag pushed to the remote after the clone', () => {
      repo.git('tag', '-a', 'ignore-owasp', '-m', 'skip', head);
      expect(decideZapScan({ cwd: clone }).run).toBe(true);
      expect(decideZapScan({ cwd: clone, remote: 'origin' })).toMatchObject({ run: false, sha: head });
    });

    it('runs the scan when the remote tag moved away from the commit, despite a stale local tag', () => {
      repo.git('tag', 'ignore-owasp', head);
      git(['fetch', '-q', '--tags', 'origin'], clone);
      repo.git('tag', '-f', 'ignore-owasp', first);
      expect(decideZapScan({ cwd: clone }).run).toBe(false);
      expect(decideZapScan({ cwd: clone, remote: 'origin' }).run).toBe(true);
    });

    it('falls back to local tags, with a warning, when the remote cannot be reached', () => {
      git(['remote', 'set-url', 'origin', join(repo.dir, 'does-not-exist')], clone);
      const decision = decideZapScan({ cwd: clone, remote: 'origin' });
      expect(decision.run).toBe(true);
      expect(decision.warnings[0]).toMatch(/could not ask origin/);
    });
  });

  describe('command', () => {
    let out: string[];
    const originalPath = process.env['PATH'];
    beforeEach(() => {
      out = [];
      delete process.env['CIRCLE_SHA1']; // a CircleCI run of this suite must not leak its own commit in
      jest.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
    });
    afterEach(() => {
      jest.restoreAllMocks();
      process.env['PATH'] = originalPath;
    });

    it('prints the decision and a machine-readable line; exit 0 both ways', () => {
      expect(owaspGate(['--sha', head], repo.dir)).toBe(0);
      expect(out).toContain(`owasp-gate: decision=run sha=${head}`);
      repo.git('tag', 'ignore-owasp');
      expect(owaspGate(['--sha', head], repo.dir)).toBe(0);
      expect(out.join('\n')).toMatch(/OWASP ZAP scan: SKIP — commit [0-9a-f]{12} carries the git tag "ignore-owasp"/);
    });

    it('--halt calls "circleci-agent step halt" on skip, and only on skip', () => {
      const bin = join(repo.dir, '.bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'circleci-agent'), `#!/bin/sh\necho "$@" >> "${join(bin, 'calls')}"\n`);
      chmodSync(join(bin, 'circleci-agent'), 0o755);
      process.env['PATH'] = `${bin}:${originalPath}`;
      owaspGate(['--halt'], repo.dir);
      expect(existsSync(join(bin, 'calls'))).toBe(false);
      repo.git('tag', 'ignore-owasp');
      owaspGate(['--halt'], repo.dir);
      expect(readFileSync(join(bin, 'calls'), 'utf8')).toBe('step halt\n');
    });

    it('--halt outside CircleCI says it cannot halt instead of pretending', () => {
      process.env['PATH'] = '/nonexistent';
      repo.git('tag', 'ignore-owasp');
      expect(() => owaspGate(['--halt', '--sha', head], repo.dir)).toThrow(/only works inside a CircleCI job/);
    });
  });
});
