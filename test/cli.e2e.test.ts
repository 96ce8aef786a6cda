/**
 * Every command of package.json that runs a compiled script (`npm run token`, `npm start`...):
 * `--help` prints its usage with every option and an example, exits 0 and writes no file; an
 * unknown option or a stray argument exits 2 with a reason and writes nothing either. Run as
 * `node dist/scripts/<file>.js`, what the npm script runs once dist/ is current.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runNode } from './helpers/node-script';

const root = path.join(__dirname, '..');
const scripts = (
  JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
/** [npm script, compiled file] for every command that runs a dist/scripts/ file. */
const COMMANDS = Object.entries(scripts)
  .map(([name, line]) => [name, /node (dist\/scripts\/\S+\.js)/.exec(line)?.[1]] as const)
  .filter((c): c is readonly [string, string] => c[1] !== undefined);

/** Every file under `dir` with its size and modification time, leaving out what is built or installed. */
function tree(dir: string, skip = new Set(['node_modules', 'dist', '.git', 'test-results'])): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(`${full}/`, ...tree(full, skip));
    else {
      const stat = fs.statSync(full);
      out.push(`${full} ${stat.size} ${stat.mtimeMs}`);
    }
  }
  return out;
}

describe('commands that explain themselves', () => {
  let data: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-cli-'));
    // DATA_DIR empty: a command that did its work instead of answering would create files there.
    env = { DATA_DIR: data, DB: 'sqlite', POLICY: 'ophelantyra' };
  });
  afterAll(() => fs.rmSync(data, { recursive: true, force: true }));

  it('lists the commands it checks', () => {
    expect(COMMANDS.map(([name]) => name)).toEqual(
      expect.arrayContaining(['start', 'token', 'seed', 'export', 'register', 'retention', 'audit:verify']),
    );
    expect(COMMANDS.map(([name]) => name)).toEqual(expect.arrayContaining(['diagnose', 'compose', 'bench']));
  });

  it.each(COMMANDS)(
    'npm run %s -- --help: usage, every option, an example, exit 0, no file written',
    async (name, file) => {
      const before = [...tree(root), ...tree(data)];
      const r = await runNode([path.join(root, file), '--help'], { cwd: root, env, timeoutMs: 60_000 });
      expect([r.status, r.stderr]).toEqual([0, '']);
      const shown = name === 'start' ? 'npm start' : `npm run ${name}`;
      expect(r.stdout.startsWith(`Usage: ${shown} -- [options]\n`)).toBe(true);
      expect(r.stdout).toContain('--help');
      expect(r.stdout).toMatch(/\nExamples?:\n {2}(npm|\S+=\S+ npm|TOKEN=)/);
      expect([...tree(root), ...tree(data)]).toEqual(before);
    },
  );

  it.each(COMMANDS)(
    'npm run %s with an unknown option or a stray argument: exit 2, a reason, nothing written',
    async (name, file) => {
      const before = [...tree(root), ...tree(data)];
      for (const args of [['--no-such-option'], ['stray']]) {
        const r = await runNode([path.join(root, file), ...args], { cwd: root, env, timeoutMs: 60_000 });
        expect([name, args, r.status, r.stdout]).toEqual([name, args, 2, '']);
        expect(r.stderr).toMatch(/Unknown option '--no-such-option'|Unexpected argument 'stray'/);
        expect(r.stderr).toContain('-- --help');
      }
      expect([...tree(root), ...tree(data)]).toEqual(before);
    },
  );

  it('every option a command parses is in its --help', async () => {
    const r = await runNode([path.join(root, 'dist/scripts/export.js'), '--help'], { cwd: root, env });
    for (const option of ['--id', '--subject', '--email', '--out', '--portable', '--request', '--gateway', '--policy'])
      expect(r.stdout).toContain(option);
    for (const option of ['--token', '--ids-file', '--batch']) expect(r.stdout).toContain(option);
  });
});
