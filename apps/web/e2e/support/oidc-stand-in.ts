import { createHash, createSign, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for an Okta authorization server, on 127.0.0.1, for the browser test of the
 * Okta sign-in: discovery, an authorize page where the "user" signs in, the token endpoint
 * (authorization code + PKCE S256, checked strictly), and the JWKS the API and the browser use
 * to verify the RS256 tokens. It records what it saw, so the test can assert the flow used PKCE.
 */
export interface OidcStandIn {
  /** e.g. http://127.0.0.1:41234/oauth2/default (what OKTA_DOMAIN + OKTA_SERVER_ID make). */
  issuer: string;
  origin: string;
  clientId: string;
  /** Every authorize request and token exchange, with the outcome of each check. */
  log: StandInEvent[];
  close(): Promise<void>;
}

export type StandInEvent =
  | { kind: 'authorize'; codeChallengeMethod: string | null; hasCodeChallenge: boolean; redirectUri: string | null; scope: string | null }
  | { kind: 'token'; outcome: 'issued' | string; pkceVerified: boolean };

interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | null;
  email: string;
  scope: string;
  expiresAt: number;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function signJwt(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
  return `${header}.${payload}.${base64url(signature)}`;
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startOidcStandIn(options: { clientId: string; email: string; audience?: string; port?: number }): Promise<OidcStandIn> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const audience = options.audience ?? 'api://default';
  const codes = new Map<string, PendingCode>();
  const log: StandInEvent[] = [];
  let issuer = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const oauthError = (res: ServerResponse, error: string, description: string) => {
    json(res, 400, { error, error_description: description });
    return error;
  };

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await formBody(req);
    const code = codes.get(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const pkceVerified = !!code && base64url(createHash('sha256').update(verifier).digest()) === code.codeChallenge;
    const refuse = (error: string, description: string) => log.push({ kind: 'token', outcome: oauthError(res, error, description), pkceVerified });
    if (form.get('grant_type') !== 'authorization_code') return void refuse('unsupported_grant_type', 'only authorization_code');
    if (!code || code.expiresAt < Date.now()) return void refuse('invalid_grant', 'unknown, used or expired code');
    codes.delete(form.get('code') ?? ''); // a code is redeemed once
    if (form.get('client_id') !== code.clientId) return void refuse('invalid_client', 'client_id differs');
    if (form.get('redirect_uri') !== code.redirectUri) return void refuse('invalid_grant', 'redirect_uri differs');
    if (!pkceVerified) return void refuse('invalid_grant', 'PKCE verification failed');
    const now = Math.floor(Date.now() / 1000);
    const common = { iss: issuer, iat: now, exp: now + 3600, sub: code.email };
    const accessToken = signJwt(privateKey, kid, { ...common, aud: audience, cid: code.clientId, jti: randomUUID(), scp: code.scope.split(' ') });
    const idToken = signJwt(privateKey, kid, {
      ...common,
      aud: code.clientId,
      email: code.email,
      name: code.email,
      nonce: code.nonce ?? undefined,
      amr: ['pwd'],
      auth_time: now,
    });
    log.push({ kind: 'token', outcome: 'issued', pkceVerified });
    json(res, 200, { token_type: 'Bearer', expires_in: 3600, access_token: accessToken, id_token: idToken, scope: code.scope });
  }

  function authorizePage(url: URL, res: ServerResponse): void {
    const params = url.searchParams;
    log.push({
      kind: 'authorize',
      codeChallengeMethod: params.get('code_challenge_method'),
      hasCodeChallenge: !!params.get('code_challenge'),
      redirectUri: params.get('redirect_uri'),
      scope: params.get('scope'),
    });
    if (params.get('client_id') !== options.clientId || params.get('response_type') !== 'code') {
      return void oauthError(res, 'unauthorized_client', 'unknown client or not the code flow');
    }
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) {
      return void oauthError(res, 'invalid_request', 'PKCE (S256) is required');
    }
    const hidden = [...params].map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Okta stand-in</title><h1>Okta stand-in</h1>
      <form method="post" action="${escapeHtml(url.pathname)}">${hidden}
      <p>Signing in as ${escapeHtml(options.email)}</p><button type="submit">Sign in to Okta</button></form>`);
  }

  async function approve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await formBody(req);
    const code = base64url(randomBytes(24));
    codes.set(code, {
      clientId: form.get('client_id') ?? '',
      redirectUri: form.get('redirect_uri') ?? '',
      codeChallenge: form.get('code_challenge') ?? '',
      nonce: form.get('nonce'),
      email: options.email,
      scope: form.get('scope') ?? 'openid',
      expiresAt: Date.now() + 60_000,
    });
    const back = new URL(form.get('redirect_uri') ?? '');
    back.searchParams.set('code', code);
    if (form.get('state')) back.searchParams.set('state', form.get('state') ?? '');
    res.writeHead(302, { location: back.toString() }).end();
  }

  const server: Server = createServer((req, res) => {
    // The browser calls the token, keys and discovery endpoints from the app's origin.
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('access-control-allow-headers', 'content-type, x-okta-user-agent-extended, accept, authorization');
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const url = new URL(req.url ?? '/', issuer);
    const path = url.pathname.replace(new URL(issuer).pathname, '');
    Promise.resolve()
      .then(async () => {
        if (path === '/.well-known/openid-configuration' || path === '/.well-known/oauth-authorization-server') {
          return json(res, 200, {
            issuer,
            authorization_endpoint: `${issuer}/v1/authorize`,
            token_endpoint: `${issuer}/v1/token`,
            jwks_uri: `${issuer}/v1/keys`,
            response_types_supported: ['code'],
            grant_types_supported: ['authorization_code'],
            code_challenge_methods_supported: ['S256'],
            id_token_signing_alg_values_supported: ['RS256'],
            subject_types_supported: ['public'],
            scopes_supported: ['openid', 'email', 'profile'],
          });
        }
        if (path === '/v1/keys') return json(res, 200, { keys: [jwk] });
        if (path === '/v1/authorize' && req.method === 'GET') return authorizePage(url, res);
        if (path === '/v1/authorize' && req.method === 'POST') return approve(req, res);
        if (path === '/v1/token' && req.method === 'POST') return token(req, res);
        res.writeHead(404).end();
      })
      .catch((error: Error) => json(res, 500, { error: 'server_error', error_description: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${origin}/oauth2/default`;
  return {
    issuer,
    origin,
    clientId: options.clientId,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
