import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { assertSafeKey, FileNotFoundError, type FileStore } from './file-store';

/** "<key>.<writer pid>.<uuid>.partial": the pid tells a later sweep whether its writer is gone. */
const PARTIAL = /\.(\d+)\.[0-9a-f-]{36}\.partial$/;
/** A write untouched for this long is dead whoever its writer was (requests time out long before). */
export const ABANDONED_AFTER_MS = 15 * 60 * 1000;

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
      const partial = `${path}.${process.pid}.${randomUUID()}.partial`;
      try {
        await pipeline(body, createWriteStream(partial, { flags: 'wx' }));
        await rename(partial, path);
      } catch (e) {
        // Aborted (client gone, too large, refused type): the partial write goes with it.
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
    sweepAbandonedWrites: () => sweepPartials(root),
  };
}

/**
 * Deletes `.partial` files whose writer process is gone (or is this very process, which has
 * written nothing yet when this runs at start-up: a container restarts with the same pid), or
 * that nobody has written to for ABANDONED_AFTER_MS. Another live API process's uploads sharing
 * the folder are left alone.
 */
export async function sweepPartials(root: string, now = Date.now()): Promise<number> {
  let removed = 0;
  const folders = [root];
  while (folders.length > 0) {
    const folder = folders.pop() as string;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue; // no files folder yet, or it vanished meanwhile
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) folders.push(path);
      else if (entry.name.endsWith('.partial') && (await abandoned(path, entry.name, now))) {
        await rm(path, { force: true });
        removed++;
      }
    }
  }
  return removed;
}

async function abandoned(path: string, name: string, now: number): Promise<boolean> {
  const writer = PARTIAL.exec(name);
  if (writer && (Number(writer[1]) === process.pid || !processAlive(Number(writer[1])))) return true;
  try {
    return now - (await stat(path)).mtimeMs > ABANDONED_AFTER_MS;
  } catch {
    return false;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}
