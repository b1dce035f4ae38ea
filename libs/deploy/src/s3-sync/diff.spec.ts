import type { StoredObject } from '../ports/object-store';
import { diffSync, etagIsMd5, keysToInspect, type DiffInput } from './diff';
import { globMatcher } from './glob';
import type { LocalFile } from './local-files';

const md5 = (c: string) => c.repeat(32).slice(0, 32);
const file = (relativeKey: string, size = 10, hash = md5('a')): LocalFile => ({ relativeKey, filePath: `/build/${relativeKey}`, size, md5: hash });
const obj = (key: string, size = 10, etag = md5('a'), lastModified = 0): StoredObject => ({ key, size, etag, lastModified });

function input(overrides: Partial<DiffInput>): DiffInput {
  return {
    local: [], remote: [], prefix: '', remoteMd5: new Map(), isExcluded: () => false, deleteStale: true, ...overrides,
  };
}

/** A listing as several pages would produce it, concatenated (the adapter returns all pages). */
function pagedListing(count: number, pageSize: number): StoredObject[] {
  const pages: StoredObject[][] = [];
  for (let start = 0; start < count; start += pageSize) {
    pages.push(Array.from({ length: Math.min(pageSize, count - start) }, (_, i) => obj(`asset-${start + i}.js`)));
  }
  return pages.flat();
}

describe('diffSync', () => {
  it('classifies new, changed and unchanged files by size and MD5', () => {
    const d = diffSync(input({
      local: [file('same.js'), file('new.js'), file('bigger.js', 11), file('edited.js', 10, md5('b'))],
      remote: [obj('same.js'), obj('bigger.js'), obj('edited.js')],
    }));
    expect(d.unchanged.map((f) => f.relativeKey)).toEqual(['same.js']);
    expect(d.uploads.map((u) => [u.key, u.reason])).toEqual([
      ['new.js', 'new'], ['bigger.js', 'changed'], ['edited.js', 'changed'],
    ]);
  });

  it('treats the ETag case-insensitively and ignores timestamps', () => {
    const d = diffSync(input({ local: [file('a.js', 10, md5('c'))], remote: [obj('a.js', 10, md5('C'), Date.now() + 1e9)] }));
    expect(d.unchanged).toHaveLength(1);
  });

  it('sees every key of a listing that spanned many pages', () => {
    const local = Array.from({ length: 2500 }, (_, i) => file(`asset-${i}.js`));
    const d = diffSync(input({ local, remote: pagedListing(2500, 1000) }));
    expect(d.unchanged).toHaveLength(2500);
    expect(d.uploads).toHaveLength(0);
    expect(d.deletes).toHaveLength(0);
  });

  it('compares multipart objects by the MD5 stored in metadata, not their ETag', () => {
    const remote = [obj('big.bin', 10, 'abc123-3'), obj('other.bin', 10, 'def456-2'), obj('nometa.bin', 10, 'fff-2')];
    const local = [file('big.bin'), file('other.bin'), file('nometa.bin')];
    const d = diffSync(input({
      local, remote, remoteMd5: new Map([['big.bin', md5('a')], ['other.bin', md5('b')]]),
    }));
    expect(d.unchanged.map((f) => f.relativeKey)).toEqual(['big.bin']);
    expect(d.uploads.map((u) => u.key)).toEqual(['other.bin', 'nometa.bin']);
  });

  it('asks to inspect only multipart objects of the same size (and stale keys when keeping them)', () => {
    const remote = [obj('big.bin', 10, 'abc-3'), obj('resized.bin', 99, 'abc-3'), obj('small.js'), obj('gone.js')];
    const local = [file('big.bin'), file('resized.bin'), file('small.js')];
    const base = { local, remote, prefix: '', isExcluded: () => false, deleteStale: true };
    expect(keysToInspect({ ...base, keepStale: false })).toEqual(['big.bin']);
    expect(keysToInspect({ ...base, keepStale: true })).toEqual(['big.bin', 'gone.js']);
  });

  it('adds the prefix to local keys and never deletes keys outside it', () => {
    const d = diffSync(input({
      prefix: 'web/',
      local: [file('index.html'), file('a.js')],
      remote: [obj('web/index.html'), obj('web/old.js'), obj('webby.txt'), obj('other/x.js')],
    }));
    expect(d.unchanged.map((f) => f.relativeKey)).toEqual(['index.html']);
    expect(d.uploads.map((u) => u.key)).toEqual(['web/a.js']);
    expect(d.deletes.map((o) => o.key)).toEqual(['web/old.js']);
  });

  it('never uploads nor deletes excluded keys (matched relative to the prefix)', () => {
    const d = diffSync(input({
      prefix: 'web/',
      isExcluded: globMatcher(['*.map', 'uploads/**']),
      local: [file('a.js'), file('a.js.map')],
      remote: [obj('web/old.js.map'), obj('web/uploads/x.pdf'), obj('web/stale.js')],
    }));
    expect(d.uploads.map((u) => u.key)).toEqual(['web/a.js']);
    expect(d.deletes.map((o) => o.key)).toEqual(['web/stale.js']);
    expect(d.excludedRemote).toBe(2);
  });

  it('keeps stale keys when --delete is off, and ignores folder markers', () => {
    const d = diffSync(input({ deleteStale: false, remote: [obj('old.js'), obj('folder/', 0)] }));
    expect(d.deletes).toEqual([]);
    expect(diffSync(input({ remote: [obj('folder/', 0)] })).deletes).toEqual([]);
  });

  it('keeps stale keys for the grace period counted from when they first left the build', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const hour = 3_600_000;
    const d = diffSync(input({
      remote: [obj('fresh-stale.js'), obj('marked-recently.js'), obj('marked-long-ago.js')],
      keepStale: {
        forMs: hour, now,
        staleSince: new Map([['marked-recently.js', now - hour / 2], ['marked-long-ago.js', now - 2 * hour]]),
      },
    }));
    expect(d.newlyStale.map((o) => o.key)).toEqual(['fresh-stale.js']);
    expect(d.keptStale.map((o) => o.key)).toEqual(['marked-recently.js']);
    expect(d.deletes.map((o) => o.key)).toEqual(['marked-long-ago.js']);
  });
});

describe('etagIsMd5', () => {
  it('accepts 32 hex digits only', () => {
    expect(etagIsMd5('d41d8cd98f00b204e9800998ecf8427e')).toBe(true);
    expect(etagIsMd5('d41d8cd98f00b204e9800998ecf8427e-2')).toBe(false);
    expect(etagIsMd5('')).toBe(false);
  });
});
