// The one test command (README, .ci/run): typecheck, then every jest project, then
// one plain line `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const extra = process.argv.slice(2);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;

let failed = 0;
let passed = 0;
if (run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) === 0) {
  passed += 1;
  console.log('typecheck: ok');
} else {
  failed += 1;
  console.log('typecheck: FAILED');
}

mkdirSync('.tmp', { recursive: true });
const jestStatus = run('npx', ['jest', '--json', '--outputFile=.tmp/jest-results.json', ...extra]);
try {
  const results = JSON.parse(readFileSync('.tmp/jest-results.json', 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
} catch {
  failed += 1;
}
if (jestStatus !== 0 && failed === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
