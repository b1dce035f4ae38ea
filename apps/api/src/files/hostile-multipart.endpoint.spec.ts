import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TEST_APDS, TEST_USERS } from '../db/test-fixtures';
import { rawRequest, type RawExchange } from '../testing/raw-http';
import { startLocalS3, type LocalS3 } from '../testing/s3-server';
import { SAMPLE_FILES } from '../testing/sample-files';
import { createTestContext, type TestContext } from '../testing/test-context';
import { createS3Client, createS3FileStore } from './s3-file-store';

const SEED = Number(process.env['FC_SEED'] ?? 20261201);
const BOUNDARY = 'HostileBoundary7MA4YWxk';
const APD = TEST_APDS[0].id;

const part = (headers: string, content: Buffer) => Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n${headers}\r\n\r\n`), content, Buffer.from('\r\n')]);
const filePart = (content: Buffer, name = 'a.png', field = 'file') =>
  part(`Content-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: application/octet-stream`, content);
const closing = Buffer.from(`--${BOUNDARY}--\r\n`);
const upload = (...parts: Buffer[]) => Buffer.concat([...parts, closing]);

/**
 * Uploads no client would send. Whatever arrives, the server answers (2xx/4xx, never 5xx) or
 * closes the connection, stays up (/api/health 200 right after), and keeps no row without its
 * stored object, no object without its row, and no partial write.
 */
// Every byte offset against the disk store; every 5th against S3 (same code path up to the store, slower store).
describe.each([
  ['disk', 1, async () => ({ store: undefined, close: async () => undefined })],
  ['S3', 5, async () => {
    const s3: LocalS3 = await startLocalS3();
    return { store: createS3FileStore(s3.settings), s3, close: () => s3.close() };
  }],
] as const)('hostile multipart uploads (%s store)', (storeName, stride, makeStore) => {
  jest.setTimeout(240_000);
  let ctx: TestContext;
  let server: Server;
  let port: number;
  let token: string;
  let s3: LocalS3 | undefined;
  let closeStore: () => Promise<void>;

  beforeAll(async () => {
    const made = await makeStore();
    s3 = 's3' in made ? made.s3 : undefined;
    closeStore = made.close;
    ctx = await createTestContext(made.store ? { fileStore: made.store } : {});
    token = await ctx.login(TEST_USERS.akStaff.email);
    server = createServer(ctx.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    await ctx.close();
    await closeStore();
  });

  const head = (contentLength: number, contentType = `multipart/form-data; boundary=${BOUNDARY}`) =>
    `POST /api/apds/${APD}/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n` +
    `Content-Type: ${contentType}\r\nContent-Length: ${contentLength}`;

  /** Stored objects (keys) and partial writes, whichever store this is. */
  async function stored(): Promise<{ objects: string[]; partials: string[] }> {
    if (s3) {
      const out = await createS3Client(s3.settings).send(new ListObjectsV2Command({ Bucket: s3.settings.bucket }));
      return { objects: (out.Contents ?? []).map((o) => o.Key as string).sort(), partials: [] };
    }
    const entries = await readdir(ctx.filesDirectory, { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name).slice(ctx.filesDirectory.length + 1));
    return { objects: files.filter((f) => !f.endsWith('.partial')).sort(), partials: files.filter((f) => f.endsWith('.partial')) };
  }

  /**
   * The server still serves, and rows and objects match one to one with nothing half-written.
   * A client that vanished is noticed by the server a moment after the client's side closed,
   * so the store gets a few seconds to settle.
   */
  async function expectNothingLeftBehind(): Promise<void> {
    await ctx.http().get('/api/health').expect(200);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rows = (await ctx.db('files').select('storage_key')).map((r: { storage_key: string }) => r.storage_key).sort();
      const { objects, partials } = await stored();
      const settled = { objects, partials };
      if (Date.now() > deadline || JSON.stringify(settled) === JSON.stringify({ objects: rows, partials: [] })) {
        expect(settled).toEqual({ objects: rows, partials: [] });
        return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  const answeredOrClosed = (res: RawExchange) => {
    // An answer, if any, is never a 5xx.
    if (res.status !== undefined) expect(res.status).toBeLessThan(500);
  };

  it(`answers 4xx at every ${stride === 1 ? '' : `${stride}th `}byte offset where a small upload is cut short (Content-Length matching what was sent)`, async () => {
    const body = upload(filePart(Buffer.concat([SAMPLE_FILES.png.subarray(0, 8), Buffer.alloc(56, 0x41)])));
    const complete = body.length - closing.length + `--${BOUNDARY}--`.length; // from here busboy has the whole form
    for (let cut = 0; cut < body.length; cut += stride) {
      const { status } = await rawRequest({ port, head: head(cut), body: body.subarray(0, cut) });
      // Once the closing boundary is in, the form is whole and may be stored.
      const acceptable = status !== undefined && ((status >= 400 && status < 500) || (cut >= complete && status === 201));
      expect({ cut, status, acceptable }).toEqual({ cut, status, acceptable: true });
    }
    await expectNothingLeftBehind();
  });

  it(`survives the connection being dropped or half-closed at every ${stride === 1 ? '' : `${stride}th `}byte offset of a small upload`, async () => {
    const body = upload(filePart(Buffer.concat([SAMPLE_FILES.gif.subarray(0, 8), Buffer.alloc(40, 0x42)]), 'b.gif'));
    for (let cut = 0; cut < body.length; cut += stride) {
      answeredOrClosed(await rawRequest({ port, head: head(body.length), body, send: cut, then: cut % 2 ? 'end' : 'destroy' }));
    }
    await expectNothingLeftBehind();
  });

  it('answers 400 to the body from the crash report (file data, no closing boundary) and keeps serving', async () => {
    const body = Buffer.concat([
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('AAAAAAAAAAAAAAAAAAAA'),
    ]);
    for (let i = 0; i < 20; i++) expect((await rawRequest({ port, head: head(body.length), body })).status).toBe(400);
    await expectNothingLeftBehind();
  });

  it('cut at random offsets of a large upload: answers or closes, and leaves nothing behind', async () => {
    const large = upload(filePart(Buffer.concat([SAMPLE_FILES.pdf, randomBytes(3 * 1024 * 1024)]), 'large.pdf'));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: large.length - 1 }), fc.constantFrom('length', 'end', 'destroy'), async (cut, how) => {
        const res =
          how === 'length'
            ? await rawRequest({ port, head: head(cut), body: large.subarray(0, cut) })
            : await rawRequest({ port, head: head(large.length), body: large, send: cut, then: how });
        if (how === 'length') expect(res.status).toBeDefined(); // a complete HTTP request is always answered
        answeredOrClosed(res);
        await expectNothingLeftBehind();
      }),
      { seed: SEED, numRuns: 8, endOnFailure: true },
    );
  });

  it.each([
    ['no boundary parameter', () => ({ body: upload(filePart(SAMPLE_FILES.png)), contentType: 'multipart/form-data' })],
    ['a boundary the body does not use', () => ({ body: upload(filePart(SAMPLE_FILES.png)), contentType: 'multipart/form-data; boundary=other' })],
    ['two files', () => ({ body: upload(filePart(SAMPLE_FILES.png), filePart(SAMPLE_FILES.gif, 'b.gif')) })],
    ['two files, the second in another field', () => ({ body: upload(filePart(SAMPLE_FILES.png), filePart(SAMPLE_FILES.gif, 'b.gif', 'other')) })],
    ['an empty part', () => ({ body: Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n\r\n\r\n`), closing]) })],
    ['an empty file', () => ({ body: upload(filePart(Buffer.alloc(0))) })],
    ['a text field instead of a file', () => ({ body: upload(part('Content-Disposition: form-data; name="file"', Buffer.from('not a file'))) })],
    ['a file then a text field', () => ({ body: upload(filePart(SAMPLE_FILES.png), part('Content-Disposition: form-data; name="note"', Buffer.from('x'))) })],
    ['only the closing boundary', () => ({ body: closing })],
    ['garbage', () => ({ body: randomBytes(2048) })],
    ['header lines without end', () => ({ body: Buffer.from(`--${BOUNDARY}\r\n${'X-Junk: y\r\n'.repeat(500)}`) })],
  ])('answers 4xx to %s and keeps nothing', async (_name, make) => {
    const { body, contentType } = make() as { body: Buffer; contentType?: string };
    const res = await rawRequest({ port, head: head(body.length, contentType), body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await expectNothingLeftBehind();
  });

  it('a slow trickle cut by the client leaves nothing behind and the server keeps serving', async () => {
    const body = upload(filePart(Buffer.concat([SAMPLE_FILES.pdf, randomBytes(64 * 1024)]), 'slow.pdf'));
    const cut = 6000;
    const res = await rawRequest({ port, head: head(body.length), body, send: cut, trickle: { bytes: 300, everyMs: 15 }, then: 'destroy' });
    answeredOrClosed(res);
    // The server notices the client is gone and aborts the write it had started.
    await expectNothingLeftBehind();
  });

  it(`still stores a well-formed upload afterwards (${storeName})`, async () => {
    const body = upload(filePart(SAMPLE_FILES.png, 'fine.png'));
    const res = await rawRequest({ port, head: head(body.length), body });
    expect(res.status).toBe(201);
    await expectNothingLeftBehind();
  });
});
