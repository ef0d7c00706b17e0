#!/usr/bin/env node
// Sums vitest JSON reports into the plain closing line CI readers look for: "total: N passed, N failed".
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    console.log(`${file}: missing (that run did not finish)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const label = file.replace(/^.*\//, '').replace(/\.json$/, '');
  // A file that failed before running any test (e.g. an import error) counts as one failure.
  const brokenFiles = (report.testResults ?? []).filter((r) => r.status === 'failed' && !(r.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  const fileFailures = report.numFailedTests + brokenFiles;
  console.log(`${label}: ${report.numPassedTests} passed, ${fileFailures} failed`);
  passed += report.numPassedTests;
  failed += fileFailures;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
console.log(`total: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;
