import { connect, type Socket } from 'node:net';
import pino from 'pino';
import { TEST_APDS, TEST_USERS } from './db/test-fixtures';
import { startServer, type RunningServer } from './server';
import { SAMPLE_FILES } from './testing/sample-files';
import { createTestContext, type TestContext } from './testing/test-context';

const boundary = 'eapd-shutdown-test';

function uploadRequest(token: string, file: Buffer): { head: Buffer; body: Buffer } {
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const head = Buffer.from(
    `POST /api/apds/${TEST_APDS[0].id}/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  return { head, body };
}

function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (c) => (data += c.toString('latin1')));
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
  });
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graceful shutdown', () => {
  let ctx: TestContext;
  let token: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    token = await ctx.login(TEST_USERS.akStaff.email);
  });
  afterAll(() => ctx.close());

  async function start(shutdownTimeoutMs: number): Promise<{ running: RunningServer; closedHook: jest.Mock }> {
    ctx.deps.lifecycle.draining = false;
    const closedHook = jest.fn(async () => undefined);
    const running = await startServer(ctx.app, {
      port: 0, host: '127.0.0.1', lifecycle: ctx.deps.lifecycle, shutdownTimeoutMs, logger: pino({ level: 'silent' }), onClosed: closedHook,
    });
    return { running, closedHook };
  }

  it('finishes in-flight requests, answers health with 503 while draining, refuses new connections, then closes', async () => {
    const { running, closedHook } = await start(5000);
    const { head, body } = uploadRequest(token, SAMPLE_FILES.pdf);
    const upload = await open(running.port);
    upload.socket.write(head);
    upload.socket.write(body.subarray(0, 100)); // in flight: the server is waiting for the rest
    const health = await open(running.port);
    health.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // request started, headers not finished
    await tick(100);

    const shutdown = running.shutdown('test');
    await tick(50);
    await expect(fetch(`http://127.0.0.1:${running.port}/api/health`)).rejects.toThrow();

    health.socket.write('\r\n');
    await health.closed;
    expect(health.received()).toMatch(/^HTTP\/1\.1 503/);
    expect(health.received()).toMatch(/"reason":"shutting down"/);
    expect(closedHook).not.toHaveBeenCalled();

    upload.socket.write(body.subarray(100));
    await upload.closed;
    expect(upload.received()).toMatch(/^HTTP\/1\.1 201/);
    await expect(shutdown).resolves.toEqual({ timedOut: false });
    expect(closedHook).toHaveBeenCalledTimes(1);
    expect(await ctx.db('files').where({ original_name: 'slow.pdf' })).toHaveLength(1);
  });

  it('cuts connections that outlast the timeout and still finishes', async () => {
    const { running, closedHook } = await start(300);
    const { head, body } = uploadRequest(token, SAMPLE_FILES.png);
    const stuck = await open(running.port);
    stuck.socket.write(head);
    stuck.socket.write(body.subarray(0, 50)); // never finished
    await tick(100);
    const started = Date.now();
    await expect(running.shutdown('test')).resolves.toEqual({ timedOut: true });
    const took = Date.now() - started;
    await stuck.closed;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(3000);
    expect(closedHook).toHaveBeenCalledTimes(1);
  });
});
