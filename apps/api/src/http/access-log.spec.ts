import express from 'express';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import supertest from 'supertest';
import { accessLog } from './access-log';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

function appWith(logger: pino.Logger) {
  const app = express();
  app.use(accessLog(logger, { quietPaths: new Set(['/api/health']) }));
  app.get('/api/health', (_req, res) => res.json({ status: 'ok' }));
  app.get('/api/ok', (_req, res) => res.json({ ok: true }));
  app.get('/api/missing', (_req, res) => res.status(404).json({}));
  app.get('/api/broken', (_req, res) => res.status(500).json({}));
  app.get('/api/slow', () => undefined); // never answers: the client gives up
  return app;
}

describe('access log', () => {
  it('writes one line per request: method, URL, status, time, client address, level by status; never headers', async () => {
    const { logger, lines } = capture();
    const http = supertest(appWith(logger));
    await http.get('/api/ok?limit=5').set('Authorization', 'Bearer secret-token-value').set('Cookie', 'sid=cookie-secret').expect(200);
    await http.get('/api/missing').expect(404);
    await http.get('/api/broken').expect(500);
    await http.get('/api/health').expect(200);
    expect(lines.map((l) => [l['level'], (l['req'] as { url: string }).url, (l['res'] as { statusCode: number }).statusCode, l['msg']])).toEqual([
      [30, '/api/ok?limit=5', 200, 'request completed'],
      [40, '/api/missing', 404, 'request completed'],
      [50, '/api/broken', 500, 'request completed'],
    ]);
    expect(lines[0]).toMatchObject({ req: { method: 'GET', id: expect.any(Number) }, responseTime: expect.any(Number), clientIp: expect.stringMatching(/127\.0\.0\.1/) });
    expect(new Set(lines.map((l) => (l['req'] as { id: number }).id)).size).toBe(3);
    expect(JSON.stringify(lines)).not.toMatch(/secret-token-value|cookie-secret|authorization|cookie/i);
  });

  it('logs a request the client abandoned as an error, once', async () => {
    const { logger, lines } = capture();
    const server = appWith(logger).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as AddressInfo;
      await new Promise<void>((resolve) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/api/slow' });
        req.on('error', () => resolve());
        req.end();
        setTimeout(() => req.destroy(), 50);
      });
      const deadline = Date.now() + 5000;
      while (lines.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(lines.map((l) => [l['level'], l['msg'], (l['req'] as { url: string }).url])).toEqual([[50, 'request aborted', '/api/slow']]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
