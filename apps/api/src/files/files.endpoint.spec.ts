import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { TEST_APDS, TEST_USERS } from '../db/test-fixtures';
import { startLocalS3, type LocalS3 } from '../testing/s3-server';
import { SAMPLE_FILES } from '../testing/sample-files';
import { createTestContext, type TestContext } from '../testing/test-context';
import { MAX_FILE_BYTES } from './receive-upload';
import { createS3Client, createS3FileStore } from './s3-file-store';

const AK_APD = TEST_APDS[0].id;
const AK_APD_2 = TEST_APDS[1].id;
const MD_APD = TEST_APDS[3].id;

const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('file endpoints (S3 store against a local S3-compatible server)', () => {
  let s3: LocalS3;
  let ctx: TestContext;
  let ak: string;
  let md: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const objectKeys = async () => {
    const out = await createS3Client(s3.settings).send(new ListObjectsV2Command({ Bucket: s3.settings.bucket }));
    return (out.Contents ?? []).map((o) => o.Key);
  };

  beforeAll(async () => {
    s3 = await startLocalS3();
    ctx = await createTestContext({ fileStore: createS3FileStore(s3.settings) });
    [ak, md] = await Promise.all([ctx.login(TEST_USERS.akStaff.email), ctx.login(TEST_USERS.mdStaff.email)]);
  });
  afterAll(async () => {
    await ctx.close();
    await s3.close();
  });

  it.each([
    ['png', 'image/png', 'diagram.png'],
    ['jpeg', 'image/jpeg', 'photo.jpg'],
    ['gif', 'image/gif', 'anim.gif'],
    ['pdf', 'application/pdf', 'Budget FY2027 (final).pdf'],
  ] as const)('uploads a %s, lists it and streams the same bytes back', async (kind, type, name) => {
    const bytes = SAMPLE_FILES[kind];
    const up = await ctx.http().post(`/api/apds/${AK_APD}/files`).set(as(ak)).attach('file', bytes, name).expect(201);
    expect(up.body).toMatchObject({ name, contentType: type, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    const list = await ctx.http().get(`/api/apds/${AK_APD}/files`).set(as(ak)).expect(200);
    expect(list.body.items.map((f: { id: string }) => f.id)).toContain(up.body.id);
    const down = await ctx.http().get(up.body.url).set(as(ak)).buffer(true).parse(binary).expect(200);
    expect(down.headers['content-type']).toBe(type);
    expect(down.headers['content-disposition']).toMatch(/^attachment; filename="/);
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(down.body as Buffer, bytes)).toBe(0);
    expect(await objectKeys()).toContain(`apds/${AK_APD}/${up.body.id}`);
  });

  it('decides the type by content: a text file named .png is refused and nothing is stored', async () => {
    const before = await objectKeys();
    const res = await ctx.http().post(`/api/apds/${AK_APD_2}/files`).set(as(ak)).attach('file', SAMPLE_FILES.text, { filename: 'fake.png', contentType: 'image/png' }).expect(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
    await ctx.http().post(`/api/apds/${AK_APD_2}/files`).set(as(ak)).attach('file', SAMPLE_FILES.html, 'page.pdf').expect(415);
    expect(await objectKeys()).toEqual(before);
    expect((await ctx.http().get(`/api/apds/${AK_APD_2}/files`).set(as(ak)).expect(200)).body.items).toEqual([]);
  });

  it('refuses files over 10 MB with 413 and keeps nothing', async () => {
    const before = await objectKeys();
    const big = Buffer.concat([SAMPLE_FILES.pdf, Buffer.alloc(10 * 1024 * 1024)]);
    const res = await ctx.http().post(`/api/apds/${AK_APD_2}/files`).set(as(ak)).attach('file', big, 'big.pdf');
    expect(res.status).toBe(413);
    expect(await objectKeys()).toEqual(before);
    expect(await ctx.db('files').where({ apd_id: AK_APD_2 })).toEqual([]);
  });

  it('accepts a file of exactly 10 MiB (the documented "10 MB") and refuses one byte more with 413', async () => {
    const exact = Buffer.concat([SAMPLE_FILES.pdf, Buffer.alloc(MAX_FILE_BYTES - SAMPLE_FILES.pdf.length, 0x20)]);
    expect(exact.length).toBe(10 * 1024 * 1024);
    const ok = await ctx.http().post(`/api/apds/${AK_APD_2}/files`).set(as(ak)).attach('file', exact, 'exact.pdf').expect(201);
    expect(ok.body.size).toBe(MAX_FILE_BYTES);
    const before = await objectKeys();
    const over = await ctx.http().post(`/api/apds/${AK_APD_2}/files`).set(as(ak)).attach('file', Buffer.concat([exact, Buffer.from(' ')]), 'over.pdf').expect(413);
    expect(over.body.error.message).toBe('Files may be at most 10 MB (10,485,760 bytes).');
    expect(await objectKeys()).toEqual(before);
    await ctx.http().delete(ok.body.url).set(as(ak)).expect(204);
    expect(await ctx.db('files').where({ apd_id: AK_APD_2 })).toEqual([]);
  });

  it('refuses path traversal and control characters in file names', async () => {
    // Built by hand: HTTP clients strip directories from file names before sending.
    for (const filename of ['../../etc/passwd.png', '..\\..\\boot.ini', 'a/b.png', '..', 'tab\there.png', '/abs.png']) {
      const boundary = 'eapd-test-boundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`),
        SAMPLE_FILES.png,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await ctx.http().post(`/api/apds/${AK_APD_2}/files`).set(as(ak)).set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(body);
      expect([filename, res.status, res.body.name]).toEqual([filename, 400, undefined]);
    }
    expect(await ctx.db('files').where({ apd_id: AK_APD_2 })).toEqual([]);
  });

  it('gives a safe Content-Disposition for unusual names', async () => {
    const name = "résumé 'q'; x=1 <b>.png";
    const up = await ctx.http().post(`/api/apds/${AK_APD_2}/files`).set(as(ak)).attach('file', SAMPLE_FILES.png, name).expect(201);
    expect(up.body.name).toBe(name);
    const down = await ctx.http().get(up.body.url).set(as(ak)).buffer(true).parse(binary).expect(200);
    expect(down.headers['content-disposition']).toBe(
      `attachment; filename="r_sum_ _q__ x_1 _b_.png"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%27q%27%3B%20x%3D1%20%3Cb%3E.png`,
    );
  });

  it('rejects malformed uploads with 4xx', async () => {
    const before = await objectKeys();
    const rows = (await ctx.db('files').where({ apd_id: AK_APD_2 })).length;
    await ctx.http().post(`/api/apds/${AK_APD_2}/files`).set(as(ak)).attach('file', SAMPLE_FILES.png, 'a.png').attach('file', SAMPLE_FILES.gif, 'b.gif').expect(400);
    await ctx.http().post(`/api/apds/${AK_APD_2}/files`).set(as(ak)).send({ file: 'x' }).expect(415);
    await ctx.http().post(`/api/apds/${AK_APD_2}/files`).set(as(ak)).field('note', 'no file').expect(400);
    await ctx.http().post(`/api/apds/${AK_APD_2}/files`).set(as(ak)).attach('other', SAMPLE_FILES.png, 'a.png').expect(400);
    await ctx.http().post(`/api/apds/${AK_APD_2}/files`).set(as(ak)).set('Content-Type', 'multipart/form-data').send('garbage').expect(400);
    await ctx.http().post(`/api/apds/${AK_APD_2}/files`).attach('file', SAMPLE_FILES.png, 'a.png').expect(401);
    expect(await objectKeys()).toEqual(before);
    expect(await ctx.db('files').where({ apd_id: AK_APD_2 })).toHaveLength(rows);
  });

  it('answers 404 for other states\' APDs and files, and for files of another APD', async () => {
    const up = await ctx.http().post(`/api/apds/${AK_APD}/files`).set(as(ak)).attach('file', SAMPLE_FILES.gif, 'x.gif').expect(201);
    await ctx.http().post(`/api/apds/${AK_APD}/files`).set(as(md)).attach('file', SAMPLE_FILES.gif, 'x.gif').expect(404);
    await ctx.http().get(`/api/apds/${AK_APD}/files`).set(as(md)).expect(404);
    await ctx.http().get(up.body.url).set(as(md)).expect(404);
    await ctx.http().get(`/api/apds/${MD_APD}/files/${up.body.id}`).set(as(md)).expect(404);
    await ctx.http().get(`/api/apds/${AK_APD_2}/files/${up.body.id}`).set(as(ak)).expect(404);
    await ctx.http().get(`/api/apds/${AK_APD}/files/not-a-uuid`).set(as(ak)).expect(400);
  });

  describe('DELETE /api/apds/:id/files/:fileId', () => {
    it('removes the file: 204, its object is gone from the store, its row is gone, the list and download no longer show it', async () => {
      const keep = await ctx.http().post(`/api/apds/${AK_APD}/files`).set(as(ak)).attach('file', SAMPLE_FILES.png, 'keep.png').expect(201);
      const up = await ctx.http().post(`/api/apds/${AK_APD}/files`).set(as(ak)).attach('file', SAMPLE_FILES.pdf, 'remove-me.pdf').expect(201);
      const key = `apds/${AK_APD}/${up.body.id}`;
      expect(await objectKeys()).toContain(key);
      const res = await ctx.http().delete(up.body.url).set(as(ak)).expect(204);
      expect(res.text).toBe('');
      expect(await objectKeys()).not.toContain(key);
      expect(await objectKeys()).toContain(`apds/${AK_APD}/${keep.body.id}`);
      expect(await ctx.db('files').where({ id: up.body.id })).toEqual([]);
      const list = await ctx.http().get(`/api/apds/${AK_APD}/files`).set(as(ak)).expect(200);
      expect(list.body.items.map((f: { id: string }) => f.id)).toContain(keep.body.id);
      expect(list.body.items.map((f: { id: string }) => f.id)).not.toContain(up.body.id);
      await ctx.http().get(up.body.url).set(as(ak)).expect(404);
      const again = await ctx.http().delete(up.body.url).set(as(ak)).expect(404);
      expect(again.body.error.code).toBe('not_found');
    });

    it('answers a JSON 404 and removes nothing for another state\'s APD, a file of another APD, or a file that does not exist', async () => {
      const up = await ctx.http().post(`/api/apds/${AK_APD}/files`).set(as(ak)).attach('file', SAMPLE_FILES.gif, 'stays.gif').expect(201);
      const key = `apds/${AK_APD}/${up.body.id}`;
      const cases = [
        [md, up.body.url], // another state's caller
        [ak, `/api/apds/${AK_APD_2}/files/${up.body.id}`], // the caller's APD, but the file is on another one
        [md, `/api/apds/${MD_APD}/files/${up.body.id}`], // their own APD, someone else's file
        [ak, `/api/apds/${AK_APD}/files/00000000-0000-4000-8000-00000000ffff`], // no such file
        [ak, `/api/apds/00000000-0000-4000-8000-00000000ffff/files/${up.body.id}`], // no such APD
      ] as const;
      for (const [token, path] of cases) {
        const res = await ctx.http().delete(path).set(as(token));
        expect([path, res.status, res.headers['content-type']]).toEqual([path, 404, expect.stringMatching(/^application\/json/)]);
        expect(res.body.error.code).toBe('not_found');
      }
      await ctx.http().delete(up.body.url).expect(401);
      await ctx.http().delete(`/api/apds/${AK_APD}/files/not-a-uuid`).set(as(ak)).expect(400);
      expect(await objectKeys()).toContain(key);
      expect(await ctx.db('files').where({ id: up.body.id })).toHaveLength(1);
    });

    it('keeps the row when the stored object cannot be removed, so a retry finishes the job', async () => {
      const up = await ctx.http().post(`/api/apds/${AK_APD}/files`).set(as(ak)).attach('file', SAMPLE_FILES.jpeg, 'retry.jpg').expect(201);
      const store = ctx.deps.fileStore;
      const failing = { ...store, delete: async () => Promise.reject(new Error('storage unavailable')) };
      ctx.deps.fileStore = failing;
      try {
        // Route handlers read deps.fileStore on each request.
        const res = await ctx.http().delete(up.body.url).set(as(ak));
        expect(res.status).toBeGreaterThanOrEqual(500);
        expect(await ctx.db('files').where({ id: up.body.id })).toHaveLength(1);
      } finally {
        ctx.deps.fileStore = store;
      }
      await ctx.http().delete(up.body.url).set(as(ak)).expect(204);
      expect(await objectKeys()).not.toContain(`apds/${AK_APD}/${up.body.id}`);
    });
  });

  it('deleting an APD removes its stored objects', async () => {
    const apd = (await ctx.http().post('/api/apds').set(as(ak)).send({ name: 'Temp', years: [2027] }).expect(201)).body;
    const up = await ctx.http().post(`/api/apds/${apd.id}/files`).set(as(ak)).attach('file', SAMPLE_FILES.pdf, 'a.pdf').expect(201);
    expect(await objectKeys()).toContain(`apds/${apd.id}/${up.body.id}`);
    await ctx.http().delete(`/api/apds/${apd.id}`).set(as(ak)).expect(204);
    expect(await objectKeys()).not.toContain(`apds/${apd.id}/${up.body.id}`);
  });
});
