// Browser test: the built web app (dist/apps/web) + the API (embedded PostgreSQL, development
// seeds) driven in Debian's Chromium with playwright-core. Run: npx nx run web:e2e
const { testReports } = require('../../jest.reports.js');

module.exports = {
  ...testReports('../../coverage/apps/web-e2e', 'web-e2e'),
  displayName: 'web-e2e',
  testEnvironment: 'node',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.[tj]s$': ['babel-jest', { presets: ['@nx/react/babel'] }] },
  moduleFileExtensions: ['ts', 'js'],
  // Cold start: initdb + migrations + seeds, maybe a build of the web app; each wait inside is bounded.
  testTimeout: 300_000,
  maxWorkers: 1,
};
