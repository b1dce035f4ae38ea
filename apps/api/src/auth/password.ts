import * as crypto from 'node:crypto';
import { randomBytes, timingSafeEqual } from 'node:crypto';

// Looked up on each call (not bound once) so tests can observe every derivation.
const pbkdf2Async = (password: string, salt: Buffer, iterations: number, keyLength: number, digest: string) =>
  new Promise<Buffer>((resolve, reject) =>
    crypto.pbkdf2(password, salt, iterations, keyLength, digest, (err, key) => (err ? reject(err) : resolve(key))),
  );

const DIGEST = 'sha512';
const KEY_LENGTH = 64;
const SALT_BYTES = 16;
const PREFIX = 'pbkdf2';

/** What we store per user: everything needed to verify, including the cost used back then. */
export interface PasswordRecord {
  iterations: number;
  salt: Buffer;
  hash: Buffer;
}

export function formatPasswordRecord(record: PasswordRecord): string {
  return [PREFIX, DIGEST, record.iterations, record.salt.toString('base64'), record.hash.toString('base64')].join('$');
}

export function parsePasswordRecord(stored: string): PasswordRecord | undefined {
  const parts = stored.split('$');
  if (parts.length !== 5 || parts[0] !== PREFIX || parts[1] !== DIGEST) return undefined;
  const iterations = Number(parts[2]);
  if (!Number.isInteger(iterations) || iterations < 1) return undefined;
  const salt = Buffer.from(parts[3], 'base64');
  const hash = Buffer.from(parts[4], 'base64');
  if (salt.length === 0 || hash.length !== KEY_LENGTH) return undefined;
  return { iterations, salt, hash };
}

/** Async PBKDF2 only: the sync form would block the event loop for the whole ~300 ms. */
export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await pbkdf2Async(password, salt, iterations, KEY_LENGTH, DIGEST);
  return formatPasswordRecord({ iterations, salt, hash });
}

/**
 * Constant-time comparison of the derived key; a malformed record never matches. With
 * `totalIterations`, a record hashed at a lower cost is topped up with a dummy derivation of
 * the difference, so checking it takes as long as the checks for unknown emails and locked
 * accounts (burnPasswordCost): response times do not tell which emails have an account.
 */
export async function verifyPassword(password: string, stored: string, totalIterations = 0): Promise<boolean> {
  const record = parsePasswordRecord(stored);
  if (!record) {
    if (totalIterations > 0) await burnPasswordCost(password, totalIterations);
    return false;
  }
  const candidate = await pbkdf2Async(password, record.salt, record.iterations, KEY_LENGTH, DIGEST);
  if (record.iterations < totalIterations) await burnPasswordCost(password, totalIterations - record.iterations);
  return timingSafeEqual(candidate, record.hash);
}

/** True when the stored cost differs from the configured one: re-hash after the next good login. */
export function needsRehash(stored: string, configuredIterations: number): boolean {
  const record = parsePasswordRecord(stored);
  return !record || record.iterations !== configuredIterations;
}

/**
 * Spends the same time as a real verification, for logins that cannot succeed (unknown
 * email, locked account), so response times do not reveal which case it was.
 */
export async function burnPasswordCost(password: string, iterations: number): Promise<void> {
  await pbkdf2Async(password, DUMMY_SALT, iterations, KEY_LENGTH, DIGEST);
}

const DUMMY_SALT = randomBytes(SALT_BYTES);
