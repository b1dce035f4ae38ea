import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Below this much work, starting threads costs more than it saves. */
const THREADS_ABOVE_BYTES = 8 * 1024 * 1024;
const THREADS_ABOVE_FILES = 200;
/** Files handed to a thread at a time: few enough to share the work evenly, enough to amortise the message. */
const BATCH = 32;

export interface FileToHash {
  filePath: string;
  size: number;
}

/** MD5 of a file, read in 1 MiB blocks (a build may hold large files; memory stays flat). */
export function md5OfFileSync(filePath: string): string {
  return digestsOfFileSync(filePath, ['md5']).md5 as string;
}

// The threads' whole program, in plain JavaScript (it must not depend on how this file was
// compiled): the digests of a file read once in 1 MiB blocks, and a loop answering batches of paths.
const WORKER_SOURCE = `
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
const { parentPort } = require('node:worker_threads');
const block = Buffer.allocUnsafe(1024 * 1024);
function digests(filePath, algorithms) {
  const hashes = algorithms.map((a) => createHash(a));
  const fd = openSync(filePath, 'r');
  try {
    for (let n = readSync(fd, block); n > 0; n = readSync(fd, block)) {
      const chunk = n === block.length ? block : block.subarray(0, n);
      for (const h of hashes) h.update(chunk);
    }
  } finally {
    closeSync(fd);
  }
  return Object.fromEntries(algorithms.map((a, i) => [a, hashes[i].digest('hex')]));
}
parentPort.on('message', ({ id, paths, algorithms }) => {
  try {
    parentPort.postMessage({ id, digests: paths.map((p) => digests(p, algorithms)) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});`;

export type DigestAlgorithm = 'md5' | 'sha256';
export type FileDigests = Partial<Record<DigestAlgorithm, string>>;

/** The digests of one file, read once in 1 MiB blocks. */
export function digestsOfFileSync(filePath: string, algorithms: readonly DigestAlgorithm[]): FileDigests {
  const hashes = algorithms.map((a) => createHash(a));
  const block = Buffer.allocUnsafe(1024 * 1024);
  const fd = openSync(filePath, 'r');
  try {
    for (let n = readSync(fd, block); n > 0; n = readSync(fd, block)) {
      const chunk = n === block.length ? block : block.subarray(0, n);
      for (const h of hashes) h.update(chunk);
    }
  } finally {
    closeSync(fd);
  }
  return Object.fromEntries(algorithms.map((a, i) => [a, hashes[i].digest('hex')]));
}

/**
 * MD5 of every file, in input order. Hashes on several threads (up to the number of cores) when
 * there is enough to hash, so a large build takes about 1/cores of the time of one thread and
 * the main thread stays free to list the bucket meanwhile.
 */
export async function md5Files(files: FileToHash[], options: { threads?: number } = {}): Promise<string[]> {
  return (await digestFiles(files, ['md5'], options)).map((d) => d.md5 as string);
}

/**
 * Several digests of every file from one read (e.g. a release's SHA-256 check and the MD5 the
 * sync compares with S3), in input order, on several threads when there is enough to hash.
 */
export async function digestFiles(files: FileToHash[], algorithms: readonly DigestAlgorithm[], options: { threads?: number } = {}): Promise<FileDigests[]> {
  const bytes = files.reduce((n, f) => n + f.size, 0);
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.ceil(files.length / BATCH)));
  if (threads === 1 || (bytes < THREADS_ABOVE_BYTES && files.length < THREADS_ABOVE_FILES)) return files.map((f) => digestsOfFileSync(f.filePath, algorithms));

  const results: FileDigests[] = new Array(files.length);
  let next = 0;
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_SOURCE, { eval: true }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= files.length) return resolve();
              const start = next;
              next = Math.min(files.length, next + BATCH);
              worker.postMessage({ id: start, paths: files.slice(start, next).map((f) => f.filePath), algorithms });
            };
            worker.on('message', (m: { id: number; digests?: FileDigests[]; error?: string }) => {
              if (m.error !== undefined || !m.digests) return reject(new Error(`Could not hash the build: ${m.error}`));
              m.digests.forEach((d, i) => (results[m.id + i] = d));
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => (next < files.length || code !== 0 ? reject(new Error(`A hashing thread stopped (exit ${code}).`)) : resolve()));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
