import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { ABANDONED_AFTER_MS, createDiskFileStore } from './disk-file-store';
import { FileNotFoundError } from './file-store';

describe('disk file store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'disk-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores, streams back and deletes', async () => {
    const store = createDiskFileStore(dir);
    await store.put('apds/a/b', Readable.from([Buffer.from('hello '), Buffer.from('world')]), 'text/plain');
    expect(await text(await store.get('apds/a/b'))).toBe('hello world');
    await store.delete('apds/a/b');
    await expect(store.get('apds/a/b')).rejects.toBeInstanceOf(FileNotFoundError);
    await store.delete('apds/a/b'); // missing is fine
  });

  it('leaves nothing behind when the stream fails', async () => {
    const store = createDiskFileStore(dir);
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put('apds/a/c', failing, 'text/plain')).rejects.toThrow('client went away');
    expect(await readdir(join(dir, 'apds/a'))).toEqual([]);
  });

  it('sweeps partial writes whose writer is gone, is this process, or went quiet; keeps live writes and stored files', async () => {
    const store = createDiskFileStore(dir);
    await store.put('apds/a/done', Readable.from([Buffer.from('complete')]), 'text/plain');
    const folder = join(dir, 'apds/a');
    await mkdir(join(dir, 'apds/b'), { recursive: true });
    const uuid = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    const deadPid = 2 ** 22 + 7; // above Linux's pid_max: never a live process
    const names = {
      dead: join(folder, `x.${deadPid}.${uuid}.partial`),
      ours: join(dir, 'apds/b', `y.${process.pid}.${uuid}.partial`),
      liveButQuiet: join(folder, `z.${process.ppid}.${uuid}.partial`),
      live: join(folder, `w.${process.ppid}.${uuid}.partial`),
      oldStyle: join(folder, `v.${uuid}.partial`),
    };
    for (const path of Object.values(names)) await writeFile(path, 'half');
    const longAgo = new Date(Date.now() - ABANDONED_AFTER_MS - 60_000);
    await utimes(names.liveButQuiet, longAgo, longAgo);
    await utimes(names.oldStyle, longAgo, longAgo);
    expect(await store.sweepAbandonedWrites?.()).toBe(4);
    expect((await readdir(folder)).sort()).toEqual(['done', `w.${process.ppid}.${uuid}.partial`]);
    expect(await readdir(join(dir, 'apds/b'))).toEqual([]);
    expect(await text(await store.get('apds/a/done'))).toBe('complete');
    expect(await createDiskFileStore(join(dir, 'missing')).sweepAbandonedWrites?.()).toBe(0);
  });

  it('refuses keys that escape its folder', async () => {
    const store = createDiskFileStore(dir);
    await expect(store.put('../escape', Readable.from(['x']), 'text/plain')).rejects.toThrow(/Unsafe/);
  });
});
