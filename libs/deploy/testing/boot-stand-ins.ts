import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for what an instance reaches at boot: IMDSv2 (token, then the public
 * hostname and the instance profile's credentials). Releases come from s3rver by presigned URLs.
 */

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Temporary credentials as the metadata service hands them to an instance profile's role. */
export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export interface MetadataStandIn {
  url: string;
  /** Every request: path, whether it carried a valid session token, and the answer's status. */
  requests: Array<{ method: string; path: string; token: boolean; status: number }>;
  close(): Promise<void>;
}

/**
 * IMDSv2 as a hardened instance serves it: PUT /latest/api/token (with a TTL header, and
 * never through a proxy: X-Forwarded-For is refused) hands out a session token; every GET
 * must carry it (a plain IMDSv1 GET gets 401). Serves the public hostname and, when `role` is
 * given, the instance profile's role name and temporary credentials.
 */
export async function startMetadataStandIn(
  options: string | { publicHostname?: string; role?: { name: string; credentials: RoleCredentials } },
): Promise<MetadataStandIn> {
  const { publicHostname, role } = typeof options === 'string' ? { publicHostname: options, role: undefined } : options;
  const token = `imds-token-${Math.random().toString(36).slice(2)}`;
  const requests: MetadataStandIn['requests'] = [];
  const answers = new Map<string, string>();
  if (publicHostname) answers.set('/latest/meta-data/public-hostname', publicHostname);
  if (role) {
    answers.set('/latest/meta-data/iam/security-credentials/', role.name);
    answers.set(
      `/latest/meta-data/iam/security-credentials/${role.name}`,
      JSON.stringify({
        Code: 'Success',
        LastUpdated: new Date().toISOString(),
        Type: 'AWS-HMAC',
        AccessKeyId: role.credentials.accessKeyId,
        SecretAccessKey: role.credentials.secretAccessKey,
        Token: role.credentials.sessionToken,
        Expiration: new Date(Date.now() + 6 * 3600_000).toISOString(),
      }),
    );
  }
  const server = http.createServer((req, res) => {
    const path = req.url ?? '';
    const hasToken = req.headers['x-aws-ec2-metadata-token'] === token;
    const answer = (status: number, body = '') => {
      requests.push({ method: req.method ?? '', path, token: hasToken, status });
      res.writeHead(status).end(body);
    };
    if (req.method === 'PUT' && path === '/latest/api/token') {
      if (!req.headers['x-aws-ec2-metadata-token-ttl-seconds'] || req.headers['x-forwarded-for']) return answer(400);
      return answer(200, token);
    }
    if (req.method !== 'GET') return answer(405);
    // IMDSv2 only: a request without the session token is refused, as on a hardened instance.
    if (!hasToken) return answer(401);
    const body = answers.get(path);
    return body === undefined ? answer(404) : answer(200, body);
  });
  const url = await listen(server);
  return { url, requests, close: () => new Promise((r) => server.close(() => r())) };
}
