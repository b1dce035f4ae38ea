/**
 * Endpoint tests: the real app against a live PostgreSQL (one embedded server for the whole
 * run, or the server in DATABASE_URL) with a fresh database per test file, plus a local
 * S3-compatible server for the S3 file store.
 */
const { testReports } = require('../../jest.reports.js');

module.exports = {
  ...testReports('../../coverage/apps/api-endpoint', 'api-endpoint'),
  displayName: 'api-endpoint',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/src/**/*.endpoint.spec.ts'],
  globalSetup: '<rootDir>/src/testing/global-setup.ts',
  globalTeardown: '<rootDir>/src/testing/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
