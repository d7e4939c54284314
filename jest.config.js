/** Jest runs TypeScript through swc; integration tests share one Temporal test server per file. */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest'],
    // The UI's components (tested under tests/ui/ in jsdom): JSX with React's automatic runtime.
    '^.+\\.tsx$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } },
    ],
    // file-type (content sniffing of uploads) and its parsers ship as ES modules only: compile them to CommonJS.
    '/node_modules/(file-type|strtok3|token-types|uint8array-extras|@tokenizer/inflate|@borewit/text-codec)/.+\\.js$': [
      '@swc/jest',
      { module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(file-type|strtok3|token-types|uint8array-extras|@tokenizer/inflate|@borewit/text-codec)/)',
  ],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  // tests/postgres/ needs the PostgreSQL stack: only scripts/smoke-postgres.sh (npm run smoke:postgres) runs it.
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/ui/',
    '/.tools/',
    '/data/',
    '<rootDir>/dist/',
    '<rootDir>/tests/postgres/',
  ],
  testTimeout: 120000,
  // Temporal's native runtime keeps threads alive after the last test; every file closes what it opened.
  forceExit: true,
};
