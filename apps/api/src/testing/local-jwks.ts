import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  return { kid, privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

/**
 * A stand-in Okta authorization server on 127.0.0.1: serves the JWKS at
 * `<issuer>/v1/keys` (where @okta/jwt-verifier looks) and signs tokens with its key.
 */
export interface LocalOkta {
  issuer: string;
  key: SigningKey;
  sign(claims: Record<string, unknown>, options?: { key?: SigningKey; expiresInSeconds?: number }): string;
  close(): Promise<void>;
}

export async function startLocalOkta(): Promise<LocalOkta> {
  const key = generateSigningKey();
  const server: Server = createServer((req, res) => {
    if (req.url === '/oauth2/default/v1/keys') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [key.publicJwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/default`;
  return {
    issuer,
    key,
    sign(claims, options = {}) {
      const signer = options.key ?? key;
      return jwt.sign({ iss: issuer, aud: 'api://default', ...claims }, signer.privateKey, {
        algorithm: 'RS256',
        keyid: signer.kid,
        expiresIn: options.expiresInSeconds ?? 300,
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
