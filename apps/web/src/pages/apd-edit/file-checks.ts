import { t } from '../../content/content';

// The API's rules for uploads (apps/api files/): checked in the browser first, so a file that
// would be refused is never sent (a 30 MB file took a whole upload to be told "too large").
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const ACCEPT = 'image/png,image/jpeg,image/gif,application/pdf';

// The API decides the type by the first bytes, not the name: so do we.
const SIGNATURES: number[][] = [
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38, 0x37, 0x61], // GIF87a
  [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], // GIF89a
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
];

export function hasAcceptedSignature(head: Uint8Array): boolean {
  return SIGNATURES.some((signature) => signature.every((byte, i) => head[i] === byte));
}

async function firstBytes(file: Blob, count: number): Promise<Uint8Array> {
  const slice = file.slice(0, count);
  // jsdom's Blob lacks arrayBuffer(); FileReader works everywhere.
  if (typeof slice.arrayBuffer === 'function') return new Uint8Array(await slice.arrayBuffer());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(slice);
  });
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return t('files.size-bytes', { size: bytes });
  if (bytes < 1024 * 1024) return t('files.size-kilobytes', { size: (bytes / 1024).toFixed(1) });
  return t('files.size-megabytes', { size: (bytes / 1024 / 1024).toFixed(1) });
}

/** The problem with the file's name, as the API would find it, or undefined. */
export function fileNameProblem(name: string): string | undefined {
  if (/[/\\]/.test(name)) return t('files.name-slash');
  if (name.startsWith('..')) return t('files.name-dots');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return t('files.name-control');
  if (new Blob([name]).size > 255) return t('files.name-too-long'); // UTF-8 bytes, as the API counts
  return undefined;
}

/** Why `file` cannot be attached, in the content's words, or undefined when it can be sent. */
export async function fileProblem(file: File): Promise<string | undefined> {
  const name = file.name;
  if (file.size === 0) return t('files.empty-file', { name });
  if (file.size > MAX_FILE_BYTES) return t('files.too-large', { name, size: formatFileSize(file.size) });
  const badName = fileNameProblem(name);
  if (badName) return badName;
  if (!hasAcceptedSignature(await firstBytes(file, 8))) return t('files.wrong-type', { name });
  return undefined;
}
