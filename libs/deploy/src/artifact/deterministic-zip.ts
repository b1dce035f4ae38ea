import { createWriteStream } from 'node:fs';
import { ZipFile } from 'yazl';

export interface ZipEntry {
  /** Path inside the zip, `/`-separated. */
  path: string;
  /** Where to read the bytes from (or `data` for generated files). */
  source?: string;
  data?: Buffer;
  executable: boolean;
}

/**
 * Writes a zip whose bytes depend only on the entries: sorted names, one fixed mtime, fixed
 * modes (0644, or 0755 when executable), no extra fields (`forceDosTimestamp` drops yazl's
 * extended-timestamp field) and no directory entries.
 */
export function writeDeterministicZip(entries: ZipEntry[], mtime: Date, outFile: string): Promise<void> {
  const zip = new ZipFile();
  const dosTime = asLocalFields(mtime);
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const entry of sorted) {
    const options = { mtime: dosTime, mode: entry.executable ? 0o100755 : 0o100644, compress: true, forceDosTimestamp: true };
    if (entry.data) zip.addBuffer(entry.data, entry.path, options);
    else if (entry.source) zip.addFile(entry.source, entry.path, options);
    else throw new Error(`zip entry ${entry.path} has neither data nor source`);
  }
  return new Promise((resolve, reject) => {
    const out = createWriteStream(outFile);
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.outputStream.on('error', reject);
    zip.outputStream.pipe(out);
    zip.end();
  });
}

/**
 * DOS timestamps have no time zone and yazl fills them from local-time getters, so a zip
 * built in another time zone would differ. Shift the instant so its LOCAL fields read as the
 * UTC time of `date`: every machine then writes the same bytes.
 */
function asLocalFields(date: Date): Date {
  return new Date(
    date.getUTCFullYear(),
    date.getUTCMonth(),
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  );
}
