import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { USER_DATA_LIMIT_BYTES } from '../ports/compute';
import { highEntropyBytes } from '../../testing/presigned-url';
import { assertUserDataSize, compressUserData, decodeUserData, describeUserDataSize, encodeUserData, userDataSize } from './user-data';

describe('user data encoding (gzip, then base64)', () => {
  it('round-trips any script, byte for byte, the way cloud-init reads it', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (script) => {
      expect(decodeUserData(encodeUserData(script))).toBe(script);
    }));
  });

  it('is gzip that the system gunzip reads (what cloud-init runs is the plain script)', () => {
    const script = '#!/bin/bash\necho "hello $USER" ü\n';
    const bytes = compressUserData(script);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(execFileSync('gzip', ['-dc'], { input: bytes }).toString('utf8')).toBe(script);
  });

  it('is deterministic: no mtime or file name in the header, so a retried launch sends the same bytes', () => {
    const bytes = compressUserData('#!/bin/bash\ntrue\n');
    expect(bytes.readUInt32LE(4)).toBe(0); // MTIME
    expect(bytes[3] & 0x08).toBe(0); // FNAME flag
    expect(encodeUserData('#!/bin/bash\ntrue\n')).toBe(bytes.toString('base64'));
  });

  it('decodes plain (uncompressed) user data as is, as cloud-init does', () => {
    expect(decodeUserData(Buffer.from('#!/bin/bash\necho plain\n').toString('base64'))).toBe('#!/bin/bash\necho plain\n');
  });

  it('reports both sizes for plans, never the bytes', () => {
    const script = `#!/bin/bash\n${'echo same line\n'.repeat(500)}`;
    const size = userDataSize(script);
    expect(size.scriptBytes).toBe(Buffer.byteLength(script));
    expect(size.compressedBytes).toBe(compressUserData(script).length);
    expect(size.compressedBytes).toBeLessThan(size.scriptBytes / 10);
    expect(describeUserDataSize(size)).toBe(`${size.scriptBytes} bytes of script, ${size.compressedBytes} bytes gzip-compressed (EC2 limit 16384)`);
  });
});

describe('assertUserDataSize', () => {
  it('counts the compressed bytes EC2 limits: a repetitive script far past 16 KiB plain fits', () => {
    const script = `#!/bin/bash\n${'echo a line that repeats\n'.repeat(4_000)}`;
    expect(Buffer.byteLength(script)).toBeGreaterThan(USER_DATA_LIMIT_BYTES * 4);
    expect(assertUserDataSize(script).compressedBytes).toBeLessThan(USER_DATA_LIMIT_BYTES);
  });

  it('refuses a script whose compressed bytes pass 16 KiB, naming both sizes and the limit', () => {
    const script = `#!/bin/bash\n# ${highEntropyBytes('incompressible', USER_DATA_LIMIT_BYTES).toString('hex')}\n`;
    const { compressedBytes, scriptBytes } = userDataSize(script);
    expect(compressedBytes).toBeGreaterThan(USER_DATA_LIMIT_BYTES);
    expect(() => assertUserDataSize(script, 'preview startup script')).toThrow(
      `The preview startup script is ${compressedBytes} bytes gzip-compressed (${scriptBytes} bytes plain); EC2 user data is limited to 16384 bytes`,
    );
  });
});
