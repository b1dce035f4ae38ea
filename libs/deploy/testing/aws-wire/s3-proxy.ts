import { randomUUID } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import type { HttpAnswer } from '../faults/http-faults';

/**
 * S3 through the stand-in: a path-style S3 request is named (PutObject, DeleteObjects, …) for
 * the fault rules, then forwarded to s3rver, which keeps the objects. s3rver knows one access
 * key (S3RVER) and does not check V4 signatures, so the key id is swapped on the way through;
 * the signature itself is left alone.
 */

export interface S3Call {
  operation: string;
  bucket?: string;
  key?: string;
  /** bucket, key, "bucket/key", and for DeleteObjects every key in the body. */
  resources: string[];
}

export function describeS3Call(method: string, url: URL, headers: IncomingMessage['headers'], body: Buffer): S3Call {
  const [bucket, ...rest] = decodeURIComponent(url.pathname).replace(/^\/+/, '').split('/');
  // "/site/?list-type=2" is a bucket call, like "/site?list-type=2".
  const key = rest.join('/') || undefined;
  const q = url.searchParams;
  const resources = [bucket, key, key && `${bucket}/${key}`].filter((x): x is string => !!x);
  const call = (operation: string): S3Call => ({ operation, bucket: bucket || undefined, key, resources });
  if (!bucket) return call('ListBuckets');
  if (key === undefined) {
    if (method === 'POST' && q.has('delete')) {
      const keys = [...body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => unescapeXml(m[1]));
      return { ...call('DeleteObjects'), resources: [bucket, ...keys, ...keys.map((k) => `${bucket}/${k}`)] };
    }
    if (method === 'HEAD') return call('HeadBucket');
    if (method === 'PUT') return call('CreateBucket');
    if (method === 'DELETE') return call('DeleteBucket');
    if (q.has('location')) return call('GetBucketLocation');
    return call(q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects');
  }
  switch (method) {
    case 'HEAD':
      return call('HeadObject');
    case 'GET':
      return call('GetObject');
    case 'PUT':
      if (headers['x-amz-copy-source']) return call('CopyObject');
      return call(q.has('uploadId') ? 'UploadPart' : 'PutObject');
    case 'POST':
      return call(q.has('uploads') ? 'CreateMultipartUpload' : 'CompleteMultipartUpload');
    case 'DELETE':
      return call(q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject');
    default:
      return call(method);
  }
}

/** S3's error envelope; HEAD answers carry no body. */
export function s3Error(method: string, status: number, code: string, message: string): HttpAnswer {
  const id = randomUUID();
  const body = method === 'HEAD' ? '' : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${id}</RequestId><HostId>stand-in</HostId></Error>`;
  return { status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': id }, body };
}

/** Forwards the request to s3rver and returns its whole answer. */
export function forwardToS3rver(target: { host: string; port: number }, req: IncomingMessage, body: Buffer): Promise<HttpAnswer> {
  const headers = { ...req.headers };
  if (typeof headers.authorization === 'string') headers.authorization = headers.authorization.replace(/Credential=[^/]+\//, 'Credential=S3RVER/');
  delete headers['content-length'];
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const upstream = request({ host: target.host, port: target.port, method: req.method, path: req.url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          // A HEAD answer's content-length is the object's size, not the (empty) body's.
          if (v === undefined || (k === 'content-length' && req.method !== 'HEAD') || k === 'transfer-encoding' || k === 'connection') continue;
          out[k] = Array.isArray(v) ? v.join(', ') : v;
        }
        resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
