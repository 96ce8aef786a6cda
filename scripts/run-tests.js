#!/usr/bin/env node
/**
 * `npm test`: type-checks, builds dist/, runs jest, and ends with the plain line CI reads:
 * "N passed, N failed". Extra arguments go to jest (a file pattern, -t "name", ...).
 * DB=mysql runs the same suite on MySQL/MariaDB (127.0.0.1:3306 by default).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const env = { ...process.env, APOLLO_TELEMETRY_DISABLED: '1' };
const db = (env.DB || 'sqlite').toLowerCase();

/** A step before jest failed: say which, and give CI its line (nothing ran, so one failure). */
function failBeforeJest(what) {
  console.log(`${what} failed`);
  console.log(`\n[${db}] 0 passed, 1 failed`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (!process.argv.includes('--no-typecheck')) {
  const tsc = spawnSync(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd: root, stdio: 'inherit', env });
  if (tsc.status !== 0) failBeforeJest('type check');
}

// The process tests (test/fanout-processes.e2e.test.ts) run `node dist/.../main.js`: dist/ must be
// what the sources say now, so it is rebuilt every time, with --no-typecheck too (that flag only
// skips the whole-project check above, which also covers test/). dist/ is not cleaned first: a
// file whose source was deleted stays, but nothing loads dist/ by listing a folder (every module
// is reached by an import), so a leftover is never run.
const buildStarted = new Date();
const build = spawnSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit', env });
if (build.status !== 0) failBeforeJest('build (tsc -p tsconfig.build.json)');
// What `npm run <command>` checks before running dist/ (scripts/ensure-built.js): current as of now.
fs.writeFileSync(path.join(root, 'dist', '.built'), '');
fs.utimesSync(path.join(root, 'dist', '.built'), buildStarted, buildStarted);

const resultFile = path.join(os.tmpdir(), `dsg-jest-${process.pid}.json`);
const args = process.argv.slice(2).filter((a) => a !== '--no-typecheck');
const jest = spawnSync(bin('jest'), ['--ci', '--forceExit', '--json', `--outputFile=${resultFile}`, ...args], {
  cwd: root,
  stdio: 'inherit',
  env,
});

let passed = 0;
let failed = 0;
try {
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  passed = result.numPassedTests;
  failed = result.numFailedTests + result.numRuntimeErrorTestSuites;
  fs.rmSync(resultFile, { force: true });
} catch {
  failed = Math.max(1, failed);
}
if (jest.status !== 0 && failed === 0) failed = 1;
console.log(`\n[${db}] ${passed} passed, ${failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && jest.status === 0 ? 0 : 1);
