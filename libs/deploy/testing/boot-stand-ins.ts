import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for what a preview instance reaches at boot: IMDSv2 (token, then the
 * public hostname) and GitHub's tarball endpoint (which demands the token).
 */

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startMetadataStandIn(publicHostname: string): Promise<{ url: string; close(): Promise<void> }> {
  const token = 'imds-token-123';
  const server = http.createServer((req, res) => {
    if (req.method === 'PUT' && req.url === '/latest/api/token' && req.headers['x-aws-ec2-metadata-token-ttl-seconds']) {
      res.writeHead(200).end(token);
      return;
    }
    if (req.method === 'GET' && req.url === '/latest/meta-data/public-hostname') {
      // IMDSv2 only: a request without the session token is refused, as on a hardened instance.
      if (req.headers['x-aws-ec2-metadata-token'] !== token) res.writeHead(401).end();
      else res.writeHead(200).end(publicHostname);
      return;
    }
    res.writeHead(404).end();
  });
  const url = await listen(server);
  return { url, close: () => new Promise((r) => server.close(() => r())) };
}

export async function startTarballStandIn(
  tarball: Buffer,
  path: string,
  token: string,
): Promise<{ url: string; requests: Array<{ path: string; authorized: boolean }>; close(): Promise<void> }> {
  const requests: Array<{ path: string; authorized: boolean }> = [];
  const server = http.createServer((req, res) => {
    const authorized = req.headers.authorization === `token ${token}`;
    requests.push({ path: req.url ?? '', authorized });
    if (!authorized || req.url !== path) {
      res.writeHead(404).end('{"message":"Not Found"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': tarball.length }).end(tarball);
  });
  const url = await listen(server);
  return { url: `${url}${path}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}
