import type { StoredObject } from '../ports/object-store';
import type { LocalFile } from './local-files';

/** User metadata recording when a key left the build (ISO time); see `--keep-stale-for`. */
export const STALE_SINCE_METADATA_KEY = 'stale-since';

export interface DiffInput {
  local: LocalFile[];
  /** The bucket listing under `prefix` (full keys). */
  remote: StoredObject[];
  /** "" or "some/prefix/". */
  prefix: string;
  /** Full key → MD5 from object metadata, for objects whose ETag is not an MD5. */
  remoteMd5: ReadonlyMap<string, string>;
  /** Matches keys relative to the prefix that the sync must never touch. */
  isExcluded: (relativeKey: string) => boolean;
  /** Delete keys that are no longer in the build (`--delete`). */
  deleteStale: boolean;
  /** `--keep-stale-for`: keep stale keys this long after they first left the build. */
  keepStale?: {
    forMs: number;
    now: number;
    /** Full key → when it was first seen stale (from its metadata). */
    staleSince: ReadonlyMap<string, number>;
  };
}

export interface UploadCandidate {
  file: LocalFile;
  key: string;
  reason: 'new' | 'changed';
}

export interface SyncDiff {
  uploads: UploadCandidate[];
  unchanged: LocalFile[];
  /** Stale keys to delete now. */
  deletes: StoredObject[];
  /** Stale keys kept for the grace period (already marked). */
  keptStale: StoredObject[];
  /** Stale keys seen for the first time: kept and marked with the time. */
  newlyStale: StoredObject[];
  /** Remote keys left alone because they match an exclude. */
  excludedRemote: number;
}

/** An ETag is the content's MD5 only for single-part, unencrypted uploads: 32 hex digits. */
export function etagIsMd5(etag: string): boolean {
  return /^[0-9a-f]{32}$/i.test(etag);
}

/** A zero-byte key ending in "/" is a console-made "folder", not part of any build. */
function isFolderMarker(o: StoredObject): boolean {
  return o.key.endsWith('/') && o.size === 0;
}

/** Remote keys whose metadata the diff needs (HEAD them first). */
export function keysToInspect(input: Omit<DiffInput, 'remoteMd5' | 'keepStale'> & { keepStale: boolean }): string[] {
  const localByKey = new Map(input.local.map((f) => [input.prefix + f.relativeKey, f]));
  const keys: string[] = [];
  for (const o of input.remote) {
    if (isFolderMarker(o)) continue;
    const relativeKey = o.key.slice(input.prefix.length);
    if (input.isExcluded(relativeKey)) continue;
    const file = localByKey.get(o.key);
    // Same size but an ETag that is not an MD5 (multipart): the MD5 is in the metadata.
    if (file && file.size === o.size && !etagIsMd5(o.etag)) keys.push(o.key);
    if (!file && input.deleteStale && input.keepStale) keys.push(o.key);
  }
  return keys;
}

/** Compares the build with the listing by size and MD5, never by timestamp. */
export function diffSync(input: DiffInput): SyncDiff {
  const remoteByKey = new Map<string, StoredObject>();
  for (const o of input.remote) {
    if (o.key.startsWith(input.prefix)) remoteByKey.set(o.key, o);
  }
  const diff: SyncDiff = { uploads: [], unchanged: [], deletes: [], keptStale: [], newlyStale: [], excludedRemote: 0 };
  const inBuild = new Set<string>();
  for (const file of input.local) {
    if (input.isExcluded(file.relativeKey)) continue;
    const key = input.prefix + file.relativeKey;
    inBuild.add(key);
    const remote = remoteByKey.get(key);
    if (!remote) diff.uploads.push({ file, key, reason: 'new' });
    else if (sameContent(file, remote, input.remoteMd5)) diff.unchanged.push(file);
    else diff.uploads.push({ file, key, reason: 'changed' });
  }
  for (const o of remoteByKey.values()) {
    if (inBuild.has(o.key) || isFolderMarker(o)) continue;
    if (input.isExcluded(o.key.slice(input.prefix.length))) {
      diff.excludedRemote++;
      continue;
    }
    if (!input.deleteStale) continue;
    const keep = input.keepStale;
    if (!keep) {
      diff.deletes.push(o);
      continue;
    }
    const since = keep.staleSince.get(o.key);
    if (since === undefined) diff.newlyStale.push(o);
    else if (keep.now - since >= keep.forMs) diff.deletes.push(o);
    else diff.keptStale.push(o);
  }
  return diff;
}

function sameContent(file: LocalFile, remote: StoredObject, remoteMd5: ReadonlyMap<string, string>): boolean {
  if (file.size !== remote.size) return false;
  const md5 = etagIsMd5(remote.etag) ? remote.etag : remoteMd5.get(remote.key);
  return md5 !== undefined && md5.toLowerCase() === file.md5;
}
