/** Unit tests: no database, no network beyond loopback servers they start themselves. */
const { testReports } = require('../../jest.reports.js');

module.exports = {
  ...testReports('../../coverage/apps/api', 'api'),
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  testPathIgnorePatterns: ['/node_modules/', '\\.endpoint\\.spec\\.ts$'],
};
