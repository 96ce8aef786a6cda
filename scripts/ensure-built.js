#!/usr/bin/env node
/**
 * `node scripts/ensure-built.js`: builds dist/ (tsc -p tsconfig.build.json) only when it is older
 * than a source, so that `npm run <command>` starts at once after the first build instead of
 * compiling the whole tree each time. "Older" is judged against dist/.built, written after each
 * build with the time the build started (a file saved during a build is newer, so the next run
 * builds again); a fresh clone has none and builds. Prints nothing when dist/ is current.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const STAMP = path.join(root, 'dist', '.built');
/** What tsconfig.build.json compiles (it excludes test/), and the files that change its output. */
const SOURCE_DIRS = ['common', 'gateway', 'policies', 'schema', 'scripts', 'subgraphs'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/** The newest modification time (ms) of a .ts file under `dir`, or 0. */
function newest(dir) {
  let max = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) max = Math.max(max, newest(full));
    else if (entry.name.endsWith('.ts')) max = Math.max(max, fs.statSync(full).mtimeMs);
  }
  return max;
}

function stale() {
  let built;
  try {
    built = fs.statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  const sources = Math.max(
    ...SOURCE_DIRS.map((d) => newest(path.join(root, d))),
    ...SOURCE_FILES.map((f) => (fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0)),
  );
  return sources > built;
}

/** Builds dist/ and records when; exits with tsc's status when it fails. */
function build() {
  const started = new Date();
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('the build failed (tsc -p tsconfig.build.json): fix the errors above\n');
    process.exit(result.status ?? 1);
  }
  fs.mkdirSync(path.dirname(STAMP), { recursive: true });
  fs.writeFileSync(STAMP, '');
  fs.utimesSync(STAMP, started, started);
}

module.exports = { build, stale, STAMP };

// Without the compiler (an image installed with --omit=dev) what is built is what runs.
const hasCompiler = fs.existsSync(path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'));
if (require.main === module && hasCompiler && stale()) build();
