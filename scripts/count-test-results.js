// Sums the Jest JSON result files in a folder into one closing line, exactly "N passed, N failed, N skipped": CI reads
// that line (and no word before it) as the count, so it must be the last thing the test command prints.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.json'))) {
  const result = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  totals.passed += result.numPassedTests;
  totals.failed += result.numFailedTests;
  totals.skipped += result.numPendingTests + (result.numTodoTests ?? 0);
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 ? 1 : 0;
