import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { open, type Entry, type ZipFile } from 'yauzl';
import { DeployError } from '../log/errors';

/** Unpacks a zip into `dir` (file modes kept), refusing entries that would land outside it. */
export async function extractZip(zipPath: string, dir: string): Promise<string[]> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    open(zipPath, { lazyEntries: true, autoClose: true }, (err, file) => (err ? reject(err) : resolve(file))),
  );
  const written: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: Entry) => {
      extractEntry(zip, entry, dir)
        .then((path) => {
          if (path) written.push(path);
          zip.readEntry();
        })
        .catch(reject);
    });
    zip.readEntry();
  });
  return written;
}

async function extractEntry(zip: ZipFile, entry: Entry, dir: string): Promise<string | undefined> {
  if (entry.fileName.endsWith('/')) return undefined;
  const target = normalize(join(dir, entry.fileName));
  if (!target.startsWith(normalize(dir) + sep)) throw new DeployError(`Zip entry escapes the target folder: ${entry.fileName}`);
  mkdirSync(dirname(target), { recursive: true });
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
  );
  const mode = (entry.externalFileAttributes >>> 16) & 0o777;
  await pipeline(stream, createWriteStream(target, { mode: mode || 0o644 }));
  return entry.fileName;
}
