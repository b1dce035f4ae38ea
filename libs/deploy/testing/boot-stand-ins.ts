import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for what a preview instance reaches at boot: IMDSv2 (token, then the
 * public hostname). Its release comes from s3rver by presigned URLs.
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
