import type { ApiRuntimeConfig } from '@eapd/config';
import type { Logger } from 'pino';
import type { AppDeps } from './app-deps';
import { createOktaVerifier } from './auth/okta-verifier';
import { createKnex } from './db/knex';
import { createDiskFileStore } from './files/disk-file-store';
import type { FileStore } from './files/file-store';
import { createS3FileStore, s3SettingsFromEnv } from './files/s3-file-store';
import { createLifecycle } from './health/lifecycle';
import { API_VERSION } from './version';

/** Real dependencies from configuration: what main.ts and dev.ts run with. */
export function buildDeps(config: ApiRuntimeConfig, databaseUrl: string, logger: Logger, env: Record<string, string | undefined> = process.env): AppDeps {
  return {
    db: createKnex(databaseUrl),
    fileStore: buildFileStore(config, env),
    config,
    clock: () => new Date(),
    logger,
    okta: config.okta ? createOktaVerifier(config.okta) : undefined,
    lifecycle: createLifecycle(),
    version: API_VERSION,
  };
}

export function buildFileStore(config: ApiRuntimeConfig, env: Record<string, string | undefined>): FileStore {
  if (config.filesS3Bucket) return createS3FileStore(s3SettingsFromEnv(config.filesS3Bucket, config.awsRegion, env));
  return createDiskFileStore(config.filesDirectory);
}
