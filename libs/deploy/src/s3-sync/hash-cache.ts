import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What the file system says about a file, precisely enough that any change of content shows:
 * a rewrite changes the modification time (ns) or the size, and ctime changes on every write
 * and every metadata change and cannot be set back (so copying with preserved mtimes, or
 * `touch -d`, still shows). A replaced file has a new inode.
 */
export interface FileIdentity {
  size: number;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
}

interface Entry {
  /** size, mtimeNs, ctimeNs, ino (decimal strings), md5, hashed at (ms since the epoch). */
  f: [number, string, string, string, string, number];
}

interface CacheFile {
  version: 1;
  source: string;
  entries: Record<string, Entry['f']>;
}

/**
 * A file's content may change in the same clock tick as it was hashed, without its times
 * changing: entries for files modified less than one tick before they were hashed are not
 * trusted ("racily clean", as git calls it). How long a tick is depends on the file system:
 * whole-second timestamps (FAT: 2 s; ext3, HFS+: 1 s) need 2 s; file systems that stamp with
 * sub-second precision (ext4, XFS, Btrfs, tmpfs, APFS, NTFS) take the time from a kernel clock
 * that ticks every 1-10 ms, so 100 ms is ten of the coarsest ticks. A time with a sub-second
 * part proves the second kind. (2 s everywhere made the first re-deploy of a fresh build hash
 * most of it again.)
 */
const RACY_MS_WHOLE_SECONDS = 2000;
const RACY_MS_SUBSECOND = 100;

export function racyWindowMs(id: Pick<FileIdentity, 'mtimeNs' | 'ctimeNs'>): number {
  const subsecond = id.mtimeNs % 1_000_000_000n !== 0n || id.ctimeNs % 1_000_000_000n !== 0n;
  return subsecond ? RACY_MS_SUBSECOND : RACY_MS_WHOLE_SECONDS;
}

/**
 * MD5s of a build folder's files from an earlier run, trusted only while the file system shows
 * the file unchanged. One JSON file per source folder under `directory` (the executor uses
 * node_modules/.cache/eapd-deploy). Losing or corrupting it only means hashing again.
 */
export class HashCache {
  private readonly file: string;
  private entries: Record<string, Entry['f']> = {};
  private changed = false;

  constructor(directory: string, private readonly source: string) {
    this.file = join(directory, `md5-${createHash('sha256').update(source).digest('hex').slice(0, 16)}.json`);
  }

  async load(): Promise<this> {
    try {
      const data = JSON.parse(await readFile(this.file, 'utf8')) as CacheFile;
      if (data.version === 1 && data.source === this.source && data.entries && typeof data.entries === 'object') this.entries = data.entries;
    } catch {
      this.entries = {}; // none yet, or unreadable: hash everything
    }
    return this;
  }

  /** The MD5 recorded for this key, if the file is provably the one that was hashed. */
  get(relativeKey: string, id: FileIdentity): string | undefined {
    const e = this.entries[relativeKey];
    if (!e || e[0] !== id.size || e[1] !== String(id.mtimeNs) || e[2] !== String(id.ctimeNs) || e[3] !== String(id.ino)) return undefined;
    return e[4];
  }

  /** Records a hash computed at `hashedAt` (ms), unless the file changed too shortly before to be sure. */
  set(relativeKey: string, id: FileIdentity, md5: string, hashedAt: number): void {
    const modifiedMs = Number(id.mtimeNs / 1_000_000n);
    const changedMs = Number(id.ctimeNs / 1_000_000n);
    if (hashedAt - Math.max(modifiedMs, changedMs) < racyWindowMs(id)) {
      delete this.entries[relativeKey];
    } else {
      this.entries[relativeKey] = [id.size, String(id.mtimeNs), String(id.ctimeNs), String(id.ino), md5, hashedAt];
    }
    this.changed = true;
  }

  /** Keeps only these keys (files that left the build are forgotten). */
  retain(keys: Iterable<string>): void {
    const keep = new Set(keys);
    for (const key of Object.keys(this.entries)) {
      if (!keep.has(key)) {
        delete this.entries[key];
        this.changed = true;
      }
    }
  }

  /** Writes the cache atomically (a crash leaves the old file or the new one, never half). */
  async save(): Promise<void> {
    if (!this.changed) return;
    const data: CacheFile = { version: 1, source: this.source, entries: this.entries };
    const dir = join(this.file, '..');
    await mkdir(dir, { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(data));
    await rename(temporary, this.file);
    this.changed = false;
  }
}
