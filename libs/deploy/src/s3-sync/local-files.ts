import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import pLimit from 'p-limit';

/** A file of the local build. */
export interface LocalFile {
  /** Path relative to the build folder, "/"-separated: the key without the bucket prefix. */
  relativeKey: string;
  filePath: string;
  size: number;
  /** MD5 of the content, 32 hex digits. */
  md5: string;
}

/** Files below this size are read whole: faster than a stream for the many small assets. */
const STREAM_ABOVE = 8 * 1024 * 1024;

/**
 * Every regular file under `root` with its size and MD5, sorted by key. `skip` is called with
 * each relative key first so excluded files are never read.
 */
export async function scanLocalBuild(
  root: string,
  options: { skip?: (relativeKey: string) => boolean; concurrency?: number } = {},
): Promise<LocalFile[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const limit = pLimit(options.concurrency ?? 16);
  const jobs: Array<Promise<LocalFile>> = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    // `parentPath` is Node 20.12+; `path` is the older name of the same field.
    const dir = (entry as { parentPath?: string }).parentPath ?? (entry as { path?: string }).path ?? root;
    const filePath = join(dir, entry.name);
    const relativeKey = relative(root, filePath).split(sep).join('/');
    if (options.skip?.(relativeKey)) continue;
    jobs.push(limit(() => describeFile(filePath, relativeKey)));
  }
  const files = await Promise.all(jobs);
  return files.sort((a, b) => (a.relativeKey < b.relativeKey ? -1 : a.relativeKey > b.relativeKey ? 1 : 0));
}

async function describeFile(filePath: string, relativeKey: string): Promise<LocalFile> {
  const { size } = await stat(filePath);
  return { relativeKey, filePath, size, md5: await md5OfFile(filePath, size) };
}

export async function md5OfFile(filePath: string, size?: number): Promise<string> {
  const bytes = size ?? (await stat(filePath)).size;
  if (bytes <= STREAM_ABOVE) return createHash('md5').update(await readFile(filePath)).digest('hex');
  const hash = createHash('md5');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
