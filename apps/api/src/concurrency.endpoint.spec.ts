import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { hashPassword, parsePasswordRecord } from './auth/password';
import { TEST_USERS } from './db/test-fixtures';
import { SAMPLE_FILES } from './testing/sample-files';
import { TEST_ITERATIONS } from './testing/test-config';
import { createTestContext, type TestContext } from './testing/test-context';

// The module object itself, so the spy sees password.ts's calls.
const nodeCrypto = require('node:crypto') as typeof import('node:crypto');

const PASSWORD = 'the-right-password-1';
const MAX_FAILED = 3; // the test configuration's LOGIN_MAX_FAILED_ATTEMPTS

/**
 * Everything counted or locked, under parallel requests: the lockout (the attempt is taken
 * atomically before the password is checked), optimistic concurrency on APDs, and an upload
 * racing the deletion of its APD.
 */
describe('concurrent requests', () => {
  jest.setTimeout(120_000);
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  /** A user no other test touches, with a hash at the configured cost (no re-hash on success). */
  async function freshAccount(): Promise<{ email: string; salt: Buffer }> {
    const email = `fresh-${randomUUID()}@example.test`;
    const passwordHash = await hashPassword(PASSWORD, TEST_ITERATIONS);
    await ctx.db('users').insert({ id: randomUUID(), email, name: 'Fresh', state_id: 'ak', role: 'state-staff', password_hash: passwordHash });
    return { email, salt: (parsePasswordRecord(passwordHash) as { salt: Buffer }).salt };
  }

  /** Sends the guesses all at once; returns each one's status and the passwords actually checked against the account's hash, in order. */
  async function guessInParallel(email: string, salt: Buffer, passwords: string[]): Promise<{ statuses: number[]; checked: string[] }> {
    const checked: string[] = [];
    const real = nodeCrypto.pbkdf2;
    const spy = jest.spyOn(nodeCrypto, 'pbkdf2').mockImplementation(((password: string, s: Buffer, ...rest: unknown[]) => {
      if (Buffer.isBuffer(s) && s.equals(salt)) checked.push(password);
      return (real as (...args: unknown[]) => void)(password, s, ...rest);
    }) as typeof nodeCrypto.pbkdf2);
    try {
      const responses = await Promise.all(passwords.map((password) => ctx.http().post('/api/auth/login').send({ email, password })));
      return { statuses: responses.map((r) => r.status), checked };
    } finally {
      spy.mockRestore();
    }
  }

  const lockedUntil = async (email: string) => (await ctx.db('users').where({ email }).first()).locked_until as Date | null;

  it('50 parallel wrong logins lock the account: at most the limit are checked, and then the right password gets 423', async () => {
    const { email, salt } = await freshAccount();
    const { statuses, checked } = await guessInParallel(email, salt, Array.from({ length: 50 }, (_, i) => `wrong-${i}`));
    expect(checked.length).toBeLessThanOrEqual(MAX_FAILED);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(MAX_FAILED - 1);
    expect(statuses.filter((s) => s === 423).length).toBeGreaterThanOrEqual(50 - MAX_FAILED + 1);
    expect(new Set(statuses)).toEqual(new Set([401, 423].filter((s) => statuses.includes(s))));
    expect((await lockedUntil(email))?.getTime()).toBeGreaterThan(ctx.deps.clock().getTime());
    await ctx.http().post('/api/auth/login').send({ email, password: PASSWORD }).expect(423);
  });

  it('the right password among 40 parallel guesses on a fresh account never gets 200 once the limit is reached', async () => {
    for (let round = 0; round < 3; round++) {
      const { email, salt } = await freshAccount();
      const guesses = Array.from({ length: 40 }, (_, i) => (i === 30 ? PASSWORD : `guess-${round}-${i}`));
      const { statuses, checked } = await guessInParallel(email, salt, guesses);
      expect(statuses.every((s) => s === 200 || s === 401 || s === 423)).toBe(true);
      const right = statuses[30];
      const position = checked.indexOf(PASSWORD);
      if (right === 200) {
        // Allowed only as one of the first attempts the window grants: fewer than the limit checked before it.
        expect(position).toBeGreaterThanOrEqual(0);
        expect(position).toBeLessThan(MAX_FAILED);
      } else {
        expect(right).toBe(423);
        // Without a success nothing resets the count: at most the limit were ever checked.
        expect(checked.length).toBeLessThanOrEqual(MAX_FAILED);
        expect((await lockedUntil(email))?.getTime()).toBeGreaterThan(ctx.deps.clock().getTime());
      }
      expect(statuses.filter((s) => s !== 423).length).toBeLessThanOrEqual(2 * MAX_FAILED);
    }
  });

  it('locks unknown emails under the same burst, so a 423 still reveals nothing', async () => {
    const email = `nobody-${randomUUID()}@example.test`;
    const statuses = (await Promise.all(Array.from({ length: 50 }, () => ctx.http().post('/api/auth/login').send({ email, password: 'x' })))).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(MAX_FAILED - 1);
    expect(statuses.filter((s) => s === 423).length).toBeGreaterThanOrEqual(50 - MAX_FAILED + 1);
    const row = await ctx.db('login_throttles').where({ email }).first();
    expect(row.locked_until.getTime()).toBeGreaterThan(ctx.deps.clock().getTime());
  });

  it('keeps a lock for exactly LOGIN_LOCK_SECONDS, then lets the right password in', async () => {
    const { email } = await freshAccount();
    for (let i = 1; i < MAX_FAILED; i++) await ctx.http().post('/api/auth/login').send({ email, password: 'wrong' }).expect(401);
    await ctx.http().post('/api/auth/login').send({ email, password: 'wrong' }).expect(423);
    ctx.advance(ctx.deps.config.lockout.lockSeconds - 1);
    const still = await ctx.http().post('/api/auth/login').send({ email, password: PASSWORD }).expect(423);
    expect(still.body.error.message).toMatch(/Try again in 1 minute\./);
    ctx.advance(1);
    await ctx.http().post('/api/auth/login').send({ email, password: PASSWORD }).expect(200);
    expect(await ctx.db('users').where({ email }).first()).toMatchObject({ failed_attempts: 0, failed_window_started_at: null, locked_until: null });
  });

  it('20 parallel PATCHes naming the same version: exactly one 200, the others 409, one version step', async () => {
    const token = await ctx.login(TEST_USERS.akStaff.email);
    const auth = { Authorization: `Bearer ${token}` };
    const apd = (await ctx.http().post('/api/apds').set(auth).send({ name: 'Contended', years: [2027] }).expect(201)).body;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ctx.http().patch(`/api/apds/${apd.id}`).set(auth).send({ version: 1, name: `Writer ${i}` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = responses.find((r) => r.status === 200)?.body;
    const stored = (await ctx.http().get(`/api/apds/${apd.id}`).set(auth).expect(200)).body;
    expect(stored).toMatchObject({ version: 2, name: winner.name });
  });

  describe('an upload racing the deletion of its APD', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer(ctx.app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('answers 4xx (not 500) when the APD is deleted while the file streams in, and keeps no row or object', async () => {
      const token = await ctx.login(TEST_USERS.akStaff.email);
      const auth = { Authorization: `Bearer ${token}` };
      const apd = (await ctx.http().post('/api/apds').set(auth).send({ name: 'Deleted mid-upload', years: [2027] }).expect(201)).body;
      const boundary = 'race-boundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="race.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        SAMPLE_FILES.pdf,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (c) => (answer += c.toString('latin1')));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `POST /api/apds/${apd.id}/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      socket.write(body.subarray(0, 200));
      // The upload is under way (its APD was found) when the delete arrives.
      await waitFor(async () => (await partials(ctx)).length > 0);
      await ctx.http().delete(`/api/apds/${apd.id}`).set(auth).expect(204);
      socket.write(body.subarray(200));
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
      expect(answer).toMatch(/deleted while the file was uploading/);
      expect(await ctx.db('files').where({ apd_id: apd.id })).toEqual([]);
      await waitFor(async () => (await storedFiles(ctx, apd.id)).length === 0);
      await ctx.http().get('/api/health').expect(200);
    });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function listAll(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile()) out.push(entry.name);
  }
  return out;
}

const partials = async (ctx: TestContext) => (await listAll(ctx.filesDirectory)).filter((n) => n.endsWith('.partial'));
const storedFiles = async (ctx: TestContext, apdId: string) => listAll(`${ctx.filesDirectory}/apds/${apdId}`);
