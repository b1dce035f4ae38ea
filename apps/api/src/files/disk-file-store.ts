import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { assertSafeKey, FileNotFoundError, type FileStore } from './file-store';

/** Local disk, the development default. Writes to a temporary name and renames when complete. */
export function createDiskFileStore(rootDirectory: string): FileStore {
  const root = resolve(rootDirectory);
  const pathFor = (key: string) => {
    assertSafeKey(key);
    const path = resolve(join(root, key));
    if (!path.startsWith(root + sep)) throw new Error(`Storage key escapes the files folder: ${key}`);
    return path;
  };
  return {
    async put(key, body) {
      const path = pathFor(key);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.${randomUUID()}.partial`;
      try {
        await pipeline(body, createWriteStream(partial, { flags: 'wx' }));
        await rename(partial, path);
      } catch (e) {
        await rm(partial, { force: true });
        throw e;
      }
    },
    async get(key) {
      const path = pathFor(key);
      try {
        await stat(path);
      } catch {
        throw new FileNotFoundError(key);
      }
      return createReadStream(path) as Readable;
    },
    async delete(key) {
      await rm(pathFor(key), { force: true });
    },
  };
}
