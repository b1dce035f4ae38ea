import { gunzipSync, gzipSync } from 'node:zlib';
import { DeployError } from '../log/errors';
import { USER_DATA_LIMIT_BYTES } from '../ports/compute';

/**
 * How a startup script travels as EC2 user data: gzip-compressed, then base64 for the API.
 * EC2's 16 KiB limit applies to the bytes before base64, and a script carrying presigned URLs
 * signed with session credentials (~1.6 KB each) does not fit uncompressed. cloud-init (the
 * Debian AMIs) recognises gzip by its magic bytes and runs the decompressed script unchanged.
 * Deterministic: gzipSync writes mtime 0 and no file name, so one script gives one encoding
 * (and one RunInstances retry signature).
 */

const GZIP_MAGIC = [0x1f, 0x8b];

/** The user data bytes EC2 receives (and counts against its limit) for a script. */
export function compressUserData(script: string): Buffer {
  return gzipSync(Buffer.from(script, 'utf8'), { level: 9 });
}

/** RunInstances' UserData: base64 of the gzip-compressed script. */
export function encodeUserData(script: string): string {
  return compressUserData(script).toString('base64');
}

/** The script in base64 user data, read as cloud-init reads it: gunzipped when gzip, else as is. */
export function decodeUserData(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  const gzipped = bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  return (gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
}

export interface UserDataSize {
  /** The plain script, UTF-8. */
  scriptBytes: number;
  /** What EC2 receives and limits: the gzip-compressed script, before base64. */
  compressedBytes: number;
}

export function userDataSize(script: string): UserDataSize {
  return { scriptBytes: Buffer.byteLength(script, 'utf8'), compressedBytes: compressUserData(script).length };
}

/** For plans and --dry-run: the sizes, never the bytes. */
export function describeUserDataSize(size: UserDataSize): string {
  return `${size.scriptBytes} bytes of script, ${size.compressedBytes} bytes gzip-compressed (EC2 limit ${USER_DATA_LIMIT_BYTES})`;
}

/** Throws a clear error, naming both sizes and the limit, when a script cannot be EC2 user data. */
export function assertUserDataSize(script: string, what = 'startup script'): UserDataSize {
  const size = userDataSize(script);
  if (size.compressedBytes > USER_DATA_LIMIT_BYTES) {
    throw new DeployError(
      `The ${what} is ${size.compressedBytes} bytes gzip-compressed (${size.scriptBytes} bytes plain); EC2 user data is limited to ${USER_DATA_LIMIT_BYTES} bytes (16 KiB) before base64 encoding.`,
      { hint: 'Move large content out of the script (e.g. into the artifact), or shorten the template or the URLs it carries.' },
    );
  }
  return size;
}
