#!/usr/bin/env node
/**
 * `node scripts/ensure-built.js`: builds dist/ (`npm run build`) only when it is older
 * than a source, so that `npm run <command>` starts at once after the first build instead of
 * compiling the whole tree each time. "Older" is judged against dist/.built, written after each
 * build with the time the build started (a file saved during a build is newer, so the next run
 * builds again); a fresh clone has none and builds. Prints nothing when dist/ is current, and
 * the build's own lines on stderr. `npm test` builds with tsc alone and writes no stamp, so the
 * next command builds once more, desk bundle included.
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

/** The newest modification time (ms) of a .ts or .tsx file under `dir`, or 0. */
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
    else if (/\.tsx?$/.test(entry.name)) max = Math.max(max, fs.statSync(full).mtimeMs);
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

/** `npm run build` (the compiler, then the desk's bundle) and records when; exits with its status when it fails. */
function build() {
  const started = new Date();
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm, 'run', '-s', 'build']] : ['npm', ['run', '-s', 'build']];
  // Its output goes to stderr: `TOKEN=$(npm run -s token ...)` must get the token alone.
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write('the build failed (npm run build): fix the errors above\n');
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
