// Sums the Vitest JSON reports of the CI runs into the closing `N passed, N failed` line.
// Usage: node .ci/summarize.mjs <reports dir> <failures counted before the tests (lint, typecheck)>
/* global console, process */
import fs from 'node:fs';
import path from 'node:path';

const [dir, extra] = process.argv.slice(2);
let passed = 0;
let failed = Number(extra);
for (const name of ['embedded', 'postgres']) {
  const file = path.join(dir, `${name}.json`);
  if (!fs.existsSync(file)) {
    if (name === 'postgres' && !process.env.KUNDRESA_TEST_DATABASE_URL) continue; // counted already
    console.log(`${name}: no report (the run crashed or timed out)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  let fileErrors = 0;
  for (const t of r.testResults ?? []) {
    const failedTests = (t.assertionResults ?? []).filter((a) => a.status === 'failed').length;
    if (t.status === 'failed' && failedTests === 0) {
      fileErrors += 1;
      console.log(`${name}: ${path.relative(process.cwd(), t.name)} failed outside its tests: ${String(t.message ?? '').split('\n')[0]}`);
    }
  }
  // Unhandled errors (and an empty run) fail Vitest's exit code without showing in the report.
  const rc = Number(fs.readFileSync(path.join(dir, `${name}.rc`), 'utf8').trim() || '1');
  const unhandled = (rc !== 0 || r.success === false) && r.numFailedTests === 0 && fileErrors === 0 ? 1 : 0;
  if (unhandled) console.log(`${name}: vitest exited ${rc} with errors outside any test, or ran no test (see the output above)`);
  console.log(`${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${fileErrors} file errors, ${r.numPendingTests + r.numTodoTests} skipped`);
  passed += r.numPassedTests;
  failed += r.numFailedTests + fileErrors + unhandled;
}
fs.writeFileSync(path.join(dir, 'failed'), String(failed));
console.log(`${passed} passed, ${failed} failed`);
