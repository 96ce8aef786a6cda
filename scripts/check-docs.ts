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
import { examplesOf, type Example } from './docs-examples';
import { repoRoot } from './promises';

/**
 * The pages checked, in order: one stack for all, so an example may rely on an earlier one.
 * Every page of docs/ that shows a command or an operation is here (a unit test says so).
 */
export const PAGES = [
  'README.md',
  'docs/rights.md',
  'docs/querying.md',
  // Before the sweep of retention.md, which erases the demo's minor (O22) that it writes about.
  'docs/identity.md',
  'docs/retention.md',
  'docs/roles.md',
  'docs/disclosures.md',
  'docs/access-packages.md',
  'docs/commands.md',
  'docs/configuration.md',
  'docs/scaling.md',
  'docs/operations.md',
  'docs/tests.md',
];

/** The ids answered so far, by the field that answered them (the last one wins). */
type Answered = Map<string, string>;

/** Remembers the `id` of every top-level field of a GraphQL answer (a connection's first node's). */
function remember(answered: Answered, text: string): void {
  try {
    const body = JSON.parse(text) as { data?: Record<string, unknown> };
    for (const [field, value] of Object.entries(body.data ?? {})) {
      const answer = value as { id?: unknown; nodes?: Array<{ id?: unknown }> } | null;
      const id = answer?.id ?? answer?.nodes?.[0]?.id;
      if (typeof id === 'string') answered.set(field, id);
    }
  } catch {
    // Not JSON (a command's output): nothing to remember.
  }
}

/** The code with its placeholders filled (those it holds); or why it cannot be. */
function filled(code: string, fills: Example['fills'], answered: Answered): { code: string } | { missing: string } {
  let out = code;
  for (const { placeholder, field } of fills) {
    if (!out.includes(placeholder)) continue;
    const id = answered.get(field);
    if (!id) return { missing: `${placeholder}: no earlier answer of ${field} gave an id` };
    out = out.split(placeholder).join(id);
  }
  return { code: out };
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
async function run(
  example: Example,
  stack: Stack,
  root: string,
  gateway: string,
  answered: Answered,
): Promise<string | null> {
  if (example.lang === 'sh') {
    const code = filled(example.code, example.fills, answered);
    if ('missing' in code) return code.missing;
    // The examples read the data folder as `data/`: here it is the temporary one.
    const script = code.code.replace(/(^|[\s"'=(])data\//g, '$1$DATA_DIR/');
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], {
      cwd: root,
      env: { ...process.env, DATA_DIR: stack.dataDir },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const out = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) return `exit ${r.status}: ${out.slice(0, 2000)}`;
    remember(answered, r.stdout);
    if (/"errors"\s*:/.test(r.stdout)) return `an error answer: ${r.stdout.slice(0, 2000)}`;
    const missing = example.expect.find((e) => !out.includes(e));
    return missing ? `no "${missing}" in: ${out.slice(0, 2000)}` : null;
  }
  const token = stack.tokens[example.role ?? ''];
  if (!token) return `no token for the role "${example.role}" (roles: ${Object.keys(stack.tokens).join(', ')})`;
  let answers = '';
  for (const definition of parse(example.code).definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    // Filled operation by operation: an operation may use the id the one before it answered.
    const query = filled(print(definition), example.fills, answered);
    if ('missing' in query) return query.missing;
    const res = await fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: query.code }),
    }).catch((error: unknown) => error as Error);
    if (res instanceof Error) return `the gateway did not answer (${res.message}): has the stack stopped?`;
    const text = await res.text();
    if (/"errors"\s*:/.test(text)) return `${query.code.slice(0, 200)}\n  answered ${text.slice(0, 1000)}`;
    remember(answered, text);
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
marked "# as: <role>" and sh blocks; a block marked "no-run: <why>" is listed with its reason.
Fails on any error answer, and on a block neither run nor given a reason.`,
    options: {},
    examples: ['npm run docs:check'],
    notes: 'Exit 0 when every example passed, 1 when one failed, 2 for bad usage. Port 4000 must be free.',
  });
  const root = repoRoot();
  const pages = PAGES.map((page) => examplesOf(page, fs.readFileSync(path.join(root, page), 'utf8')));
  const examples = pages.flatMap((p) => p.examples);
  const shown = pages.flatMap((p) => p.shown);
  // A block shown and not run says why (Docker, a production secret, the stack itself...); one
  // that does not is an example nobody checks, so it fails like a broken one.
  const unexplained = shown.filter((s) => !s.reason);
  process.stdout.write(`starting a fresh stack for ${examples.length} examples...\n`);
  const stack = await startStack(root);
  const answered: Answered = new Map();
  let passed = 0;
  let failed = unexplained.length;
  try {
    for (const example of examples) {
      const why = await run(example, stack, root, 'http://127.0.0.1:4000/graphql', answered);
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
  for (const s of shown)
    process.stdout.write(
      s.reason
        ? `shown ${s.file}:${s.line}: ${s.reason}\n`
        : `FAIL ${s.file}:${s.line}: neither run nor marked "no-run: <why>" (a graphql block runs with "# as: <role>")\n`,
    );
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) runCli('docs:check', main);
