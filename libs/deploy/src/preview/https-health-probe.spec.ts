import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpsHealthProbe } from './https-health-probe';

describe('createHttpsHealthProbe against a local HTTPS server with a self-signed certificate', () => {
  let dir: string;
  let server: https.Server;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'probe-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=preview.test',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      if (req.url === '/api/health') res.writeHead(200).end('{"status":"ok"}');
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 2_000);
      else res.writeHead(502).end('Bad Gateway');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the self-signed certificate and reports 200 as healthy', async () => {
    await expect(createHttpsHealthProbe().check(`${base}/api/health`)).resolves.toEqual({ healthy: true, detail: 'HTTP 200' });
  });

  it('reports other statuses, timeouts and refused connections as not healthy', async () => {
    const probe = createHttpsHealthProbe({ timeoutMs: 200 });
    await expect(probe.check(`${base}/nginx-without-api`)).resolves.toEqual({ healthy: false, detail: 'HTTP 502' });
    await expect(probe.check(`${base}/slow`)).resolves.toMatchObject({ healthy: false, detail: expect.stringMatching(/no answer within 200 ms/) });
    await expect(probe.check('https://127.0.0.1:1/api/health')).resolves.toMatchObject({ healthy: false, detail: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('leaves certificate checking on for every other request in the process', async () => {
    const err = await new Promise<Error>((resolve) => {
      https.get(`${base}/api/health`, () => resolve(new Error('connected without verification'))).on('error', resolve);
    });
    expect(err.message).toMatch(/self[- ]signed certificate/);
  });
});
