import { createHash } from 'node:crypto';

/**
 * Presigned S3 GET URLs as real deploys carry them: signed with a role's temporary session
 * credentials (CircleCI assuming a role), so each holds an X-Amz-Security-Token of ~1 KB of
 * high-entropy base64 and the whole URL is ~1 700 characters. Short made-up URLs compress to
 * nothing and hide how big the user data really is. Deterministic (seeded), not random, so a
 * size check gives the same figure on every run.
 */
export function sessionPresignedUrl(bucket: string, key: string, seed: string): string {
  const token = highEntropyBase64(`${seed}/token`, 1_120);
  const signature = highEntropyBytes(`${seed}/signature`, 32).toString('hex');
  const accessKeyId = `ASIA${highEntropyBase64(`${seed}/key`, 16).replace(/[^A-Z0-9]/gi, 'X').toUpperCase()}`;
  const query = [
    'X-Amz-Algorithm=AWS4-HMAC-SHA256',
    'X-Amz-Content-Sha256=UNSIGNED-PAYLOAD',
    `X-Amz-Credential=${accessKeyId}%2F20261201%2Fus-east-1%2Fs3%2Faws4_request`,
    'X-Amz-Date=20261201T223500Z',
    'X-Amz-Expires=3600',
    `X-Amz-Security-Token=${encodeURIComponent(token)}`,
    `X-Amz-Signature=${signature}`,
    'X-Amz-SignedHeaders=host',
    'x-id=GetObject',
  ].join('&');
  return `https://${bucket}.s3.us-east-1.amazonaws.com/${key}?${query}`;
}

/** `length` bytes that gzip cannot shrink (a SHA-256 chain from the seed). */
export function highEntropyBytes(seed: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  let block = createHash('sha256').update(seed).digest();
  for (let size = 0; size < length; size += block.length) {
    blocks.push(block);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function highEntropyBase64(seed: string, length: number): string {
  return highEntropyBytes(seed, length).toString('base64').slice(0, length);
}
