/**
 * The reports every Jest config of the workspace writes: JUnit XML (CircleCI's test view names
 * each failing test) and, with `--coverage`, lcov plus a summary printed at the end of the run
 * (CI uploads the lcov to Codecov). Both land in the suite's coverageDirectory, which Nx caches
 * as the test target's output: a suite restored from the Nx cache still shows its results.
 *   module.exports = { ...testReports('../../coverage/apps/api', 'api'), ... }
 */
function testReports(coverageDirectory, suiteName) {
  return {
    coverageDirectory,
    coverageReporters: ['lcov', 'text-summary'],
    reporters: [
      'default',
      ['jest-junit', { outputDirectory: `<rootDir>/${coverageDirectory}`, outputName: 'junit.xml', suiteName }],
    ],
  };
}

module.exports = { testReports };
