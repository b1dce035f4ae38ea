// Specs of the tools project: YAML validation, audit policy, OWASP gate, the CircleCI
// pipeline semantics and the Nx workspace rules (affected, named inputs).
const { testReports } = require('../jest.reports.js');

module.exports = {
  ...testReports('../coverage/tools', 'tools'),
  displayName: 'tools',
  preset: '../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }]
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Fixtures are data, never specs; tools/test and tools/dev belong to other owners' suites.
  testPathIgnorePatterns: ['/node_modules/', '/__fixtures__/'],
};
