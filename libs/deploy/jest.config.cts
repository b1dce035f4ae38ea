const { testReports } = require('../../jest.reports.js');

module.exports = {
  ...testReports('../../coverage/libs/deploy', 'deploy'),
  displayName: 'deploy',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }]
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  // Boot specs need root and run only through jest.boot.config.cts (npm run test:boot).
  testPathIgnorePatterns: ['/node_modules/', '\\.boot\\.spec\\.ts$'],
};
