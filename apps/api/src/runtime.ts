import type { ApiRuntimeConfig } from '@eapd/config';
import type { Logger } from 'pino';
import type { AppDeps } from './app-deps';
import { createOktaVerifier } from './auth/okta-verifier';
import { PasswordWork } from './auth/password-work';
import { createKnex } from './db/knex';
import { createDiskFileStore } from './files/disk-file-store';
import type { FileStore } from './files/file-store';
import { createS3FileStore } from './files/s3-file-store';
import { createLifecycle } from './health/lifecycle';

/** Real dependencies from configuration: what main.ts and dev.ts run with. */
export function buildDeps(config: ApiRuntimeConfig, databaseUrl: string, logger: Logger, version: string): AppDeps {
  return {
    db: createKnex(databaseUrl, { statementTimeoutMs: config.databaseStatementTimeoutMs }),
    fileStore: buildFileStore(config),
    config,
    clock: () => new Date(),
    logger,
    okta: config.okta ? createOktaVerifier(config.okta) : undefined,
    lifecycle: createLifecycle(),
    version,
    passwordWork: new PasswordWork({ concurrency: config.pbkdf2Concurrency, queueLimit: config.pbkdf2QueueLimit }),
  };
}

/** S3 when FILES_S3_BUCKET is set (endpoint and addressing from the same config), else local disk. */
export function buildFileStore(config: ApiRuntimeConfig): FileStore {
  if (config.filesS3Bucket) {
    return createS3FileStore({
      bucket: config.filesS3Bucket,
      region: config.awsRegion,
      endpoint: config.s3EndpointUrl,
      forcePathStyle: config.s3ForcePathStyle,
    });
  }
  return createDiskFileStore(config.filesDirectory);
}
