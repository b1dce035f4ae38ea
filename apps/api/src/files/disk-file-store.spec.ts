import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { createDiskFileStore } from './disk-file-store';
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

  it('refuses keys that escape its folder', async () => {
    const store = createDiskFileStore(dir);
    await expect(store.put('../escape', Readable.from(['x']), 'text/plain')).rejects.toThrow(/Unsafe/);
  });
});
