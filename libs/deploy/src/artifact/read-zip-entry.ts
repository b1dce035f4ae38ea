import { open, type Entry, type ZipFile } from 'yauzl';
import { DeployError } from '../log/errors';

/** The bytes of one entry of a zip (e.g. an artifact's manifest.json) without unpacking the rest. */
export async function readZipEntry(zipPath: string, name: string): Promise<Buffer> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    open(zipPath, { lazyEntries: true, autoClose: true }, (err, file) => (err ? reject(err) : resolve(file))),
  );
  return new Promise<Buffer>((resolve, reject) => {
    let found = false;
    zip.on('error', reject);
    zip.on('end', () => {
      if (!found) reject(new DeployError(`${zipPath} has no ${name}.`));
    });
    zip.on('entry', (entry: Entry) => {
      if (entry.fileName !== name) return zip.readEntry();
      found = true;
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          zip.close();
          resolve(Buffer.concat(chunks));
        });
      });
    });
    zip.readEntry();
  });
}
