import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashCache } from './hash-cache';
import { hashLocalFiles, scanLocalBuild } from './local-files';

// Reads and hashes megabytes on worker threads: a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(30_000);

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
/** Hashing "happens" this long after the files were written, so the cache may trust them. */
const later = () => Date.now() + 60_000;

describe('hashing the build without redoing work', () => {
  let dir: string;
  let cacheDir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'build-'));
    cacheDir = await mkdtemp(join(tmpdir(), 'hash-cache-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
  });
  const run = async (now = later) => {
    const files = await scanLocalBuild(dir);
    const report = await hashLocalFiles(files, { cache: await new HashCache(cacheDir, dir).load(), now });
    return { md5s: Object.fromEntries(files.map((f) => [f.relativeKey, f.md5])), report };
  };

  it('reads nothing the second time an unchanged build is synced', async () => {
    await writeFile(join(dir, 'index.html'), '<html>');
    await writeFile(join(dir, 'main.js'), 'console.log(1)');
    expect((await run()).report).toMatchObject({ hashed: 2, fromCache: 0 });
    const second = await run();
    expect(second.report).toMatchObject({ hashed: 0, fromCache: 2 });
    expect(second.md5s).toEqual({ 'index.html': md5('<html>'), 'main.js': md5('console.log(1)') });
  });

  it('hashes again a file rewritten with the same size and its old modification time put back', async () => {
    const file = join(dir, 'main.js');
    await writeFile(file, 'aaaa');
    const { mtime } = await stat(file);
    await run();
    await writeFile(file, 'bbbb');
    await utimes(file, mtime, mtime); // what `cp -p`, rsync -t or tar do: only ctime tells
    const again = await run();
    expect(again.report).toMatchObject({ hashed: 1, fromCache: 0 });
    expect(again.md5s['main.js']).toBe(md5('bbbb'));
  });

  it('does not trust a hash taken within one timestamp tick of the file\'s last change', async () => {
    await writeFile(join(dir, 'main.js'), 'fresh');
    const { ctimeMs, mtimeMs } = await stat(join(dir, 'main.js'));
    await run(() => Math.max(ctimeMs, mtimeMs) + 50); // hashed 50 ms after the write: racily clean, not recorded
    expect((await run()).report).toMatchObject({ hashed: 1, fromCache: 0 });
    expect((await run()).report).toMatchObject({ hashed: 0, fromCache: 1 });
  });

  it('trusts a hash after 100 ms on a file system with sub-second timestamps, after 2 s on one with whole seconds', () => {
    const at = 1_700_000_000_000; // ms, a whole second
    const ns = (ms: number) => BigInt(ms) * 1_000_000n;
    const fine = { size: 1, mtimeNs: ns(at) + 123_456n, ctimeNs: ns(at) + 123_456n, ino: 1n };
    const coarse = { size: 1, mtimeNs: ns(at), ctimeNs: ns(at), ino: 2n };
    const cache = new HashCache(cacheDir, dir);
    const trustedAfter = (id: typeof fine, ms: number) => {
      cache.set('f', id, 'md5', at + ms);
      return cache.get('f', id) !== undefined;
    };
    expect([trustedAfter(fine, 50), trustedAfter(fine, 99), trustedAfter(fine, 101)]).toEqual([false, false, true]);
    expect([trustedAfter(coarse, 101), trustedAfter(coarse, 1999), trustedAfter(coarse, 2001)]).toEqual([false, false, true]);
    // A copy that kept a whole-second mtime (cp -p) is still judged by its fresh, fine ctime.
    expect(trustedAfter({ ...coarse, ctimeNs: fine.ctimeNs }, 101)).toBe(true);
  });

  it('survives a corrupt or foreign cache file by hashing everything', async () => {
    await writeFile(join(dir, 'main.js'), 'x');
    await run();
    const [cacheFile] = (await import('node:fs')).readdirSync(cacheDir).map((f) => join(cacheDir, f));
    await writeFile(cacheFile, '{"version":1,"source":"/somewhere/else","entries":{"main.js":[1,"0","0","0","ffff",0]}}');
    expect((await run()).md5s['main.js']).toBe(md5('x'));
    await writeFile(cacheFile, '{not json');
    expect((await run()).report).toMatchObject({ hashed: 1 });
    expect(JSON.parse(await readFile(cacheFile, 'utf8')).source).toBe(dir);
  });

  it('takes MD5s from a release manifest when the size matches, and reads the file when it does not', async () => {
    await writeFile(join(dir, 'a.js'), 'aaa');
    await writeFile(join(dir, 'b.js'), 'bbb');
    const files = await scanLocalBuild(dir);
    const known = new Map([['a.js', { md5: md5('aaa'), size: 3 }], ['b.js', { md5: md5('something else'), size: 14 }]]);
    const report = await hashLocalFiles(files, { known });
    expect(report).toMatchObject({ fromRelease: 1, hashed: 1 });
    expect(files.map((f) => f.md5)).toEqual([md5('aaa'), md5('bbb')]);
  });

  it('always gives the true MD5, whatever happens to the files between runs (property)', async () => {
    const edit = fc.record({
      file: fc.constantFrom('a.js', 'b.css', 'c/d.html'),
      kind: fc.constantFrom('rewrite', 'same-size-keep-mtime', 'delete', 'none'),
      text: fc.string({ minLength: 1, maxLength: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(edit, { maxLength: 4 }), { minLength: 1, maxLength: 4 }), async (rounds) => {
        await rm(dir, { recursive: true, force: true });
        await rm(cacheDir, { recursive: true, force: true });
        await (await import('node:fs/promises')).mkdir(join(dir, 'c'), { recursive: true });
        const truth: Record<string, string> = { 'a.js': 'a', 'b.css': 'b', 'c/d.html': 'd' };
        for (const [name, text] of Object.entries(truth)) await writeFile(join(dir, name), text);
        for (const round of rounds) {
          for (const { file, kind, text } of round) {
            const path = join(dir, file);
            if (kind === 'delete') {
              if (truth[file] !== undefined) await unlink(path);
              delete truth[file];
            } else if (kind === 'rewrite') {
              await writeFile(path, text);
              truth[file] = text;
            } else if (kind === 'same-size-keep-mtime' && truth[file] !== undefined) {
              const { mtime } = await stat(path);
              const same = text.padEnd(truth[file].length, '#').slice(0, truth[file].length);
              await writeFile(path, same);
              await utimes(path, mtime, mtime);
              truth[file] = same;
            }
          }
          const { md5s } = await run();
          expect(md5s).toEqual(Object.fromEntries(Object.entries(truth).map(([k, v]) => [k, md5(v)])));
        }
      }),
      { numRuns: 25 },
    );
  });
});
