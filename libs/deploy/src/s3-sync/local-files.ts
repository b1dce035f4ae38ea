import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { FileIdentity, HashCache } from './hash-cache';
import { md5Files } from './hash-files';

/** A file of the local build. */
export interface LocalFile {
  /** Path relative to the build folder, "/"-separated: the key without the bucket prefix. */
  relativeKey: string;
  filePath: string;
  size: number;
  /** MD5 of the content, 32 hex digits (set by hashLocalFiles). */
  md5: string;
  /** What the file system says about it, to tell whether a cached hash still applies. */
  identity?: FileIdentity;
}

/** Files in key order (UTF-16 code units, the same on every machine: not localeCompare). */
export function byRelativeKey(a: Pick<LocalFile, 'relativeKey'>, b: Pick<LocalFile, 'relativeKey'>): number {
  return a.relativeKey < b.relativeKey ? -1 : a.relativeKey > b.relativeKey ? 1 : 0;
}

/**
 * Every regular file under `root` with its size, sorted by key; not yet hashed (`md5` is '').
 * `skip` is called with each relative key first so excluded files are never looked at.
 */
export async function scanLocalBuild(root: string, options: { skip?: (relativeKey: string) => boolean } = {}): Promise<LocalFile[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: LocalFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    // `parentPath` is Node 20.12+; `path` is the older name of the same field.
    const dir = (entry as { parentPath?: string }).parentPath ?? (entry as { path?: string }).path ?? root;
    const filePath = join(dir, entry.name);
    const relativeKey = relative(root, filePath).split(sep).join('/');
    if (options.skip?.(relativeKey)) continue;
    // One synchronous stat per file: the files were just listed, so each stat is a cached
    // metadata read, and a promise plus a thread-pool round trip per file cost 2-3x as much
    // (2 000 files: ~45 ms against ~115 ms); the bucket listing runs on meanwhile.
    const s = statSync(filePath, { bigint: true });
    files.push({ relativeKey, filePath, size: Number(s.size), md5: '', identity: { size: Number(s.size), mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs, ino: s.ino } });
  }
  return files.sort(byRelativeKey);
}

export interface HashSources {
  /** Hashes from an earlier run, valid while the file is unchanged. */
  cache?: HashCache;
  /** MD5s known from elsewhere (a published release's manifest), by relative key, with the size they are for. */
  known?: ReadonlyMap<string, { md5: string; size: number }>;
  threads?: number;
  /** The clock (ms) the cache's "changed too recently to trust" rule is measured with (tests). */
  now?: () => number;
}

/** What hashLocalFiles did, for the log line. */
export interface HashReport {
  hashed: number;
  hashedBytes: number;
  fromCache: number;
  fromRelease: number;
}

/**
 * Sets `md5` on every file: from the release's manifest or the cache when they vouch for it,
 * otherwise by reading it (on several threads). Nothing is hashed twice across runs while the
 * files stay as they are; the cache learns the new hashes.
 */
export async function hashLocalFiles(files: LocalFile[], sources: HashSources = {}): Promise<HashReport> {
  const report: HashReport = { hashed: 0, hashedBytes: 0, fromCache: 0, fromRelease: 0 };
  const missing: LocalFile[] = [];
  for (const file of files) {
    const known = sources.known?.get(file.relativeKey);
    const cached = file.identity && sources.cache?.get(file.relativeKey, file.identity);
    if (known && known.size === file.size) {
      file.md5 = known.md5;
      report.fromRelease++;
    } else if (cached) {
      file.md5 = cached;
      report.fromCache++;
    } else {
      missing.push(file);
    }
  }
  // Taken before reading: a write during or after hashing shows as a newer mtime/ctime than this.
  const hashedAt = (sources.now ?? Date.now)();
  const md5s = await md5Files(missing, { threads: sources.threads });
  missing.forEach((file, i) => {
    file.md5 = md5s[i];
    report.hashed++;
    report.hashedBytes += file.size;
    if (file.identity) sources.cache?.set(file.relativeKey, file.identity, file.md5, hashedAt);
  });
  if (sources.cache) {
    sources.cache.retain(files.map((f) => f.relativeKey));
    await sources.cache.save().catch(() => undefined); // a cache that cannot be written only costs time
  }
  return report;
}
