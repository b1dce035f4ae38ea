import type { Knex } from 'knex';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { ApiRuntimeConfig } from '@eapd/config';
import { createApp } from '../app';
import type { AppDeps } from '../app-deps';
import { PasswordWork } from '../auth/password-work';
import { uniqueDatabaseName } from '../db/embedded';
import { createKnex, withDatabase } from '../db/knex';
import { migrateToLatest, runSeeds, sourceDbFiles } from '../db/migrator';
import { TEST_PASSWORD } from '../db/test-fixtures';
import { createDiskFileStore } from '../files/disk-file-store';
import type { FileStore } from '../files/file-store';
import { createLifecycle } from '../health/lifecycle';
import { testConfig } from './test-config';

export interface TestContext {
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  db: Knex;
  /** The folder of the disk file store (used unless the test passed its own store). */
  filesDirectory: string;
  http: () => ReturnType<typeof request>;
  /** Moves the test clock. */
  advance(seconds: number): void;
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestContextOptions {
  /** Another PostgreSQL server than the run's (fault tests stop and freeze their own). */
  adminUrl?: string;
  config?: Partial<ApiRuntimeConfig>;
  fileStore?: FileStore;
  okta?: AppDeps['okta'];
  logger?: pino.Logger;
}

/**
 * A fresh database (migrated, base + test seeds) on the run's PostgreSQL and the real app
 * built on it. Each test file gets its own, so files can run in parallel without sharing rows.
 */
export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const adminUrl = options.adminUrl ?? process.env['API_TEST_ADMIN_URL'];
  if (!adminUrl) throw new Error('API_TEST_ADMIN_URL is not set: run with jest.endpoint.config.cts (its globalSetup starts PostgreSQL).');
  const name = uniqueDatabaseName('eapd_test');
  const admin = createKnex(adminUrl, { poolMax: 1 });
  await admin.raw('CREATE DATABASE ??', [name]);
  const config = testConfig(options.config);
  const db = createKnex(withDatabase(adminUrl, name), { poolMax: 5, statementTimeoutMs: config.databaseStatementTimeoutMs });
  const files = sourceDbFiles(resolve(__dirname, '../..'));
  await migrateToLatest(db, files);
  await runSeeds(db, files, 'base');
  await runSeeds(db, files, 'test');

  const filesDir = await mkdtemp(join(tmpdir(), 'eapd-files-'));
  let now = new Date();
  const deps: AppDeps = {
    db,
    fileStore: options.fileStore ?? createDiskFileStore(filesDir),
    config,
    clock: () => now,
    logger: options.logger ?? pino({ level: 'silent' }),
    okta: options.okta,
    lifecycle: createLifecycle(),
    version: 'test',
    passwordWork: new PasswordWork({ concurrency: config.pbkdf2Concurrency, queueLimit: config.pbkdf2QueueLimit }),
  };
  const app = createApp(deps);
  const http = () => request(app);
  return {
    deps,
    app,
    db,
    filesDirectory: filesDir,
    http,
    advance(seconds) {
      now = new Date(now.getTime() + seconds * 1000);
    },
    async login(email, password = TEST_PASSWORD) {
      const res = await http().post('/api/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    async close() {
      await db.destroy();
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      await admin.destroy();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}
