/**
 * `npm run docs:check`: starts a fresh stack (`npm start` on a temporary SQLite folder, port
 * 4000 as the examples say) and runs, in order, every example of README.md and the pages of
 * PAGES: a ```graphql block whose first line is `# as: <role>` is sent operation by operation
 * with that role's token; a ```sh block runs in bash (unless marked `sh no-run`). An answer with
 * `errors`, a command that exits non-zero, or a missing `# expect: <text>` fails the example.
 * The format is described in docs/tests.md. Ends with the plain "N passed, N failed" line.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kind, parse, print } from 'graphql';
import { defineCli, runCli } from './args';
import { CliError } from './cli';
import { repoRoot } from './promises';

/** The pages checked, in order: one stack for all, so an example may rely on an earlier one. */
export const PAGES = [
  'README.md',
  'docs/rights.md',
  'docs/querying.md',
  'docs/retention.md',
  'docs/roles.md',
  'docs/commands.md',
  'docs/configuration.md',
  'docs/tests.md',
];

export interface Example {
  file: string;
  line: number;
  lang: 'graphql' | 'sh';
  code: string;
  role: string | null;
  expect: string[];
}

/** The runnable examples of a page: graphql blocks with `# as:`, sh blocks not marked no-run. */
export function examplesOf(file: string, text: string): Example[] {
  const examples: Example[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    const body = lines.slice(i + 1, end < 0 ? lines.length : end);
    const [lang, flags] = [open[1], open[2]];
    const role = /^#\s*as:\s*(\w+)/.exec(body[0] ?? '')?.[1] ?? null;
    const expect = body.map((l) => /^#\s*expect:\s*(.+)$/.exec(l)?.[1].trim()).filter((e): e is string => !!e);
    if ((lang === 'graphql' && role) || (lang === 'sh' && !/\bno-run\b/.test(flags)))
      examples.push({ file, line: i + 1, lang, code: body.join('\n'), role, expect });
    i = end < 0 ? lines.length : end;
  }
  return examples;
}

interface Stack {
  child: ChildProcess;
  tokens: Record<string, string>;
  dataDir: string;
}

/** `node dist/scripts/start.js` on an empty folder; resolves once it prints its tokens. */
function startStack(root: string): Promise<Stack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-docs-'));
  const child = spawn(process.execPath, [path.join(root, 'dist', 'scripts', 'start.js')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, APOLLO_TELEMETRY_DISABLED: '1', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new CliError(`npm start did not come up in 180 s:\n${output}`, 1)), 180_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!/^Ctrl-C stops everything\./m.test(output)) return;
      clearTimeout(timer);
      const tokens = Object.fromEntries([...output.matchAll(/^ {2}(\w+)\s+(eyJ[\w.-]+)$/gm)].map((m) => [m[1], m[2]]));
      resolve({ child, tokens, dataDir });
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code) => reject(new CliError(`npm start exited (${code}):\n${output}`, 1)));
  });
}

/** Runs one example; the reason it failed, or null. */
async function run(example: Example, stack: Stack, root: string, gateway: string): Promise<string | null> {
  if (example.lang === 'sh') {
    // The examples read the data folder as `data/`: here it is the temporary one.
    const script = example.code.replace(/(^|[\s"'=(])data\//g, '$1$DATA_DIR/');
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], {
      cwd: root,
      env: { ...process.env, DATA_DIR: stack.dataDir },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const out = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) return `exit ${r.status}: ${out.slice(0, 2000)}`;
    if (/"errors"\s*:/.test(r.stdout)) return `an error answer: ${r.stdout.slice(0, 2000)}`;
    const missing = example.expect.find((e) => !out.includes(e));
    return missing ? `no "${missing}" in: ${out.slice(0, 2000)}` : null;
  }
  const token = stack.tokens[example.role ?? ''];
  if (!token) return `no token for the role "${example.role}" (roles: ${Object.keys(stack.tokens).join(', ')})`;
  let answers = '';
  for (const definition of parse(example.code).definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const res = await fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: print(definition) }),
    });
    const text = await res.text();
    if (/"errors"\s*:/.test(text)) return `${print(definition).slice(0, 200)}\n  answered ${text.slice(0, 1000)}`;
    answers += text;
  }
  const missing = example.expect.find((e) => !answers.includes(e));
  return missing ? `no "${missing}" in: ${answers.slice(0, 2000)}` : null;
}

async function main(): Promise<number> {
  defineCli({
    command: 'npm run docs:check',
    summary: `Starts a fresh stack (npm start on a temporary SQLite folder, on port 4000) and runs every example
of README.md and ${PAGES.slice(1).join(', ')}, in order: graphql blocks
marked "# as: <role>" and sh blocks not marked "no-run". Fails on any error answer.`,
    options: {},
    examples: ['npm run docs:check'],
    notes: 'Exit 0 when every example passed, 1 when one failed, 2 for bad usage. Port 4000 must be free.',
  });
  const root = repoRoot();
  const examples = PAGES.flatMap((page) => examplesOf(page, fs.readFileSync(path.join(root, page), 'utf8')));
  process.stdout.write(`starting a fresh stack for ${examples.length} examples...\n`);
  const stack = await startStack(root);
  let passed = 0;
  let failed = 0;
  try {
    for (const example of examples) {
      const why = await run(example, stack, root, 'http://127.0.0.1:4000/graphql');
      if (why === null) passed++;
      else failed++;
      process.stdout.write(`${why === null ? 'ok  ' : 'FAIL'} ${example.file}:${example.line} (${example.lang})\n`);
      if (why !== null) process.stdout.write(`  ${why.replace(/\n/g, '\n  ')}\n`);
    }
  } finally {
    stack.child.kill('SIGTERM');
    await new Promise((resolve) => stack.child.once('exit', resolve));
    fs.rmSync(stack.dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) runCli('docs:check', main);
