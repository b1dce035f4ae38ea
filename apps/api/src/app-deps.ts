import type { ApiRuntimeConfig } from '@eapd/config';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { OktaTokenVerifier } from './auth/okta-verifier';
import type { PasswordWork } from './auth/password-work';
import type { FileStore } from './files/file-store';
import type { Lifecycle } from './health/lifecycle';

/** Everything the app needs from outside, handed in so tests can pass their own. */
export interface AppDeps {
  db: Knex;
  fileStore: FileStore;
  config: ApiRuntimeConfig;
  /** Current time; tests pass a controllable one. */
  clock: () => Date;
  logger: Logger;
  /** Absent when Okta is not configured: POST /api/auth/okta then answers 501. */
  okta?: OktaTokenVerifier;
  lifecycle: Lifecycle;
  version: string;
  /** The queue every password login hashes through (PBKDF2_CONCURRENCY, PBKDF2_QUEUE_LIMIT). */
  passwordWork: PasswordWork;
}
