const { testReports } = require('../../jest.reports.js');

module.exports = {
  ...testReports('../../coverage/apps/web', 'web'),
  displayName: 'web',
  preset: '../../jest.preset.js',
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src', '<rootDir>/build'],
  transform: {
    // Content YAML goes through the same parser as the webpack loader.
    '\\.ya?ml$': '<rootDir>/build/yaml-jest-transform.js',
    '^(?!.*\\.(js|jsx|ts|tsx|css|json|ya?ml)$)': '@nx/react/plugins/jest',
    '^.+\\.[tj]sx?$': ['babel-jest', { presets: ['@nx/react/babel'] }],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'yml'],
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  // Whole-app renders with user-event typing take seconds on a loaded 2-core machine.
  testTimeout: 20_000,
};
