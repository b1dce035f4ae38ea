import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestFiles, md5Files, md5OfFileSync } from './hash-files';

// Reads and hashes megabytes on worker threads: a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(30_000);

describe('md5Files (parallel hashing)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hash-files-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

  it('gives every file its own MD5, in input order, on threads or not, including files larger than a read block', async () => {
    const contents = [Buffer.alloc(0), Buffer.from('x'), randomBytes(1024 * 1024), randomBytes(1024 * 1024 + 7), randomBytes(3 * 1024 * 1024 - 1)];
    for (let i = 0; i < 300; i++) contents.push(randomBytes(i * 37));
    const files = await Promise.all(
      contents.map(async (content, i) => {
        const filePath = join(dir, `f${i}`);
        await writeFile(filePath, content);
        return { filePath, size: content.length };
      }),
    );
    const expected = contents.map(md5);
    expect(await md5Files(files, { threads: 3 })).toEqual(expected);
    expect(await md5Files(files, { threads: 1 })).toEqual(expected);
    expect(md5OfFileSync(files[3].filePath)).toBe(expected[3]);
    // SHA-256 and MD5 from one read (a release's check), threaded or not.
    const both = contents.map((c) => ({ sha256: createHash('sha256').update(c).digest('hex'), md5: md5(c) }));
    expect(await digestFiles(files, ['sha256', 'md5'], { threads: 3 })).toEqual(both);
    expect(await digestFiles(files, ['sha256', 'md5'], { threads: 1 })).toEqual(both);
  });

  it('fails, naming the problem, when a file cannot be read (threaded or not)', async () => {
    const present = { filePath: join(dir, 'present'), size: 1 };
    await writeFile(present.filePath, 'y');
    const many = Array.from({ length: 250 }, () => present);
    await expect(md5Files([...many, { filePath: join(dir, 'gone'), size: 1 }], { threads: 2 })).rejects.toThrow(/ENOENT/);
    await expect(md5Files([{ filePath: join(dir, 'gone'), size: 1 }], { threads: 1 })).rejects.toThrow(/ENOENT/);
  });
});
