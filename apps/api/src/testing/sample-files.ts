import { randomBytes } from 'node:crypto';

/** Real headers (magic bytes) followed by filler: enough for content sniffing. */
export const SAMPLE_FILES = {
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2048)]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1024)]),
  gif: Buffer.concat([Buffer.from('GIF89a'), randomBytes(512)]),
  pdf: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4096)]),
  text: Buffer.from('just some text, not an image at all'),
  html: Buffer.from('<html><script>alert(1)</script></html>'),
};
