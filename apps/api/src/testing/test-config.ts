import type { ApiRuntimeConfig } from '@eapd/config';
import { randomBytes } from 'node:crypto';

/** Configured cost in tests: low for speed, and different from the test seed's (re-hash path). */
export const TEST_ITERATIONS = 2000;

export function testConfig(overrides: Partial<ApiRuntimeConfig> = {}): ApiRuntimeConfig {
  return {
    nodeEnv: 'test',
    port: 0,
    filesDirectory: '.data/test-files',
    awsRegion: 'us-east-1',
    pbkdf2Iterations: TEST_ITERATIONS,
    sessionSecret: randomBytes(32).toString('hex'),
    sessionTtlSeconds: 3600,
    logLevel: 'silent',
    trustProxy: false,
    lockout: { maxFailedAttempts: 3, windowSeconds: 600, lockSeconds: 900 },
    shutdownTimeoutMs: 5000,
    databaseStatementTimeoutMs: 5000,
    // Logins run truly in parallel in tests (the lockout's races must be real); the queue's own
    // tests set a small concurrency and limit.
    pbkdf2Concurrency: 64,
    pbkdf2QueueLimit: 1000,
    notices: [],
    ...overrides,
  };
}
