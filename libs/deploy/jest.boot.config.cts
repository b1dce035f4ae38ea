/**
 * Boot tests: run real startup scripts as root on a disposable Debian machine
 * (`npm run test:boot`, CI's `.ci/run`). Not part of `npm test`. Generic on purpose: every
 * `*.boot.spec.ts` in the library (production, preview) runs here, one at a time.
 */
const { testReports } = require('../../jest.reports.js');

module.exports = {
  ...testReports('../../coverage/libs/deploy-boot', 'deploy-boot'),
  displayName: 'deploy-boot',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  testMatch: ['**/*.boot.spec.ts'],
  // Each spec starts PostgreSQL, PM2 and the API: running them side by side only adds contention.
  maxWorkers: 1,
  testTimeout: 10 * 60_000,
};
