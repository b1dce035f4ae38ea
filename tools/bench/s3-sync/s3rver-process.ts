/**
 * s3rver in its own process for the benchmark, so the server never shares an event loop
 * with the tool being timed. Counts each bucket's requests and reports them on request (IPC).
 */
import crypto from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import type { IncomingMessage, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  httpServer: Server;
}
const S3rver = require('s3rver') as new (options: object) => S3rverInstance;

/** s3rver's continuation tokens use single DES (legacy in OpenSSL 3); 3DES with K|K|K is the same cipher. */
function allowSingleDes(): void {
  const c = crypto as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of ['createCipheriv', 'createDecipheriv']) {
    const original = c[name];
    c[name] = (algorithm: unknown, key: unknown, ...rest: unknown[]) =>
      algorithm === 'des' && Buffer.isBuffer(key) && key.length === 8
        ? original('des-ede3-cbc', Buffer.concat([key, key, key]), ...rest)
        : original(algorithm, key, ...rest);
  }
}

async function main() {
  allowSingleDes();
  const buckets = (process.env['BENCH_BUCKETS'] ?? 'site').split(',');
  const server = new S3rver({
    address: '127.0.0.1', port: 0, silent: true,
    directory: await mkdtemp(join(tmpdir(), 'bench-s3rver-')),
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const { port } = await server.run();
  const counts: Record<string, Record<string, number>> = {};
  server.httpServer.on('request', (req: IncomingMessage) => {
    const bucket = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).split('/')[1] ?? '';
    counts[bucket] ??= {};
    counts[bucket][req.method ?? ''] = (counts[bucket][req.method ?? ''] ?? 0) + 1;
  });
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'counts') process.send?.({ type: 'counts', counts });
    if (msg.type === 'stop') void server.close().then(() => process.exit(0));
  });
  process.send?.({ type: 'ready', endpoint: `http://127.0.0.1:${port}` });
}

void main();
