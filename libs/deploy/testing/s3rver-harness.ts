import crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { enableConditionalWrites } from './s3rver-conditional-writes';

/** One request as the server saw it: when it arrived and when its response finished. */
export interface ServerEvent {
  phase: 'start' | 'end';
  method: string;
  /** Object key (path-style URL without the bucket), "" for bucket-level calls. */
  key: string;
  /** The decoded path without the leading "/": "bucket/key". */
  path: string;
  query: string;
  status?: number;
}

export interface S3rverHarness {
  endpoint: string;
  bucket: string;
  client: S3Client;
  events: ServerEvent[];
  /** Completed requests (method + key) in the order their responses finished. */
  completed(method?: string): ServerEvent[];
  close(): Promise<void>;
}

/**
 * s3rver encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node 18+)
 * only offers in its legacy provider: every listing longer than one page fails with a 500.
 * Triple DES with the key repeated three times is the same cipher, so we substitute it.
 */
function allowSingleDes(): void {
  const marker = Symbol.for('eapd.s3rver.des');
  const c = crypto as unknown as Record<string | symbol, unknown>;
  if (c[marker]) return;
  c[marker] = true;
  const wrap = <F extends (...args: never[]) => unknown>(original: F): F =>
    ((algorithm: string, key: Buffer, iv: Buffer, ...rest: unknown[]) =>
      algorithm === 'des' && key.length === 8
        ? (original as unknown as (...a: unknown[]) => unknown)('des-ede3-cbc', Buffer.concat([key, key, key]), iv, ...rest)
        : (original as unknown as (...a: unknown[]) => unknown)(algorithm, key, iv, ...rest)) as unknown as F;
  c['createCipheriv'] = wrap(crypto.createCipheriv);
  c['createDecipheriv'] = wrap(crypto.createDecipheriv);
}

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A real S3-compatible server on 127.0.0.1 (free port, temp dir) that records every request. */
export async function startS3rver(bucket = 'site', moreBuckets: string[] = []): Promise<S3rverHarness> {
  allowSingleDes();
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [bucket, ...moreBuckets].map((name) => ({ name, configs: [] })),
  });
  enableConditionalWrites(server, bucket);
  const { port } = (await server.run()) as { port: number };
  const events: ServerEvent[] = [];
  const http = (server as unknown as { httpServer: Server }).httpServer;
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const key = path.startsWith(`${bucket}/`) ? path.slice(bucket.length + 1) : '';
    const base = { method: req.method ?? '', key, path, query: url.search };
    events.push({ phase: 'start', ...base });
    res.on('finish', () => events.push({ phase: 'end', ...base, status: res.statusCode }));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    bucket,
    client,
    events,
    completed: (method) => events.filter((e) => e.phase === 'end' && (!method || e.method === method)),
    close: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
