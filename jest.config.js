/** Jest runs TypeScript through swc; integration tests share one Temporal test server per file. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/ui/', '/.tools/', '/data/'],
  testTimeout: 120000,
  // Temporal's native runtime keeps threads alive after the last test; every file closes what it opened.
  forceExit: true,
};
