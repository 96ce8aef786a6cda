import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { demoId } from '../common/demo/random';
import { DEFAULT_LIMITS } from '../gateway/limits';
import { POLICIES } from '../policies';
import { exportSubject } from '../scripts/export';
import { startStack, type Stack } from './helpers/stack';
import { runNode, scriptPath, startNode } from './helpers/node-script';

/**
 * `npm run export -- --ids-file F --out DIR` as export tooling runs it: the built command
 * (`node dist/scripts/export.js`) against a real stack, killed midway and run again.
 */
const CLI = scriptPath('export');
const SUBJECTS = 90;

describe('bulk export for export tooling (npm run export -- --ids-file)', () => {
  let stack: Stack;
  let token: string;
  let dir: string;
  beforeAll(async () => {
    // Throughput is what is tested here, not the export budget (limits.e2e tests that).
    stack = await startStack({
      subjects: SUBJECTS,
      limits: { ...DEFAULT_LIMITS, exportsPerMinute: 100_000, requestsPerMinute: 100_000 },
    });
    token = await stack.token({ roles: ['service'], sub: 'bulk-export-test' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-bulk-'));
  });
  afterAll(async () => {
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const args = (idsFile: string, out: string, batch = 3) => [
    CLI,
    '--ids-file',
    idsFile,
    '--out',
    out,
    '--batch',
    String(batch),
    '--gateway',
    stack.gatewayUrl,
    '--token',
    token,
  ];
  const run = (idsFile: string, out: string, batch?: number) => runNode(args(idsFile, out, batch));
  const jsonFiles = (out: string) => fs.readdirSync(out).filter((f) => f.endsWith('.json'));
  const withoutDate = (text: string) => {
    const { generatedAt: _date, ...rest } = JSON.parse(text) as { generatedAt: string };
    return rest;
  };

  it('O9: exports every listed subject once, resumes after being killed midway with none skipped or written twice', async () => {
    const ids = Array.from({ length: SUBJECTS }, (_, i) => demoId('subject', i));
    const unknown = randomUUID();
    const idsFile = path.join(dir, 'ids.txt');
    // Upper case, blank lines and a CRLF line are read as ids are meant: trimmed, lower-cased.
    fs.writeFileSync(
      idsFile,
      `${ids[0].toUpperCase()}\r\n\n${ids.slice(1, 50).join('\n')}\n${unknown}\n${ids.slice(50).join('\n')}\n`,
    );
    const out = path.join(dir, 'out');

    // Killed (SIGKILL: no chance to clean up) once some files are there.
    const first = startNode(args(idsFile, out));
    for (;;) {
      if (fs.existsSync(out) && jsonFiles(out).length >= 20) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    first.child.kill('SIGKILL');
    const { signal, stderr: firstStderr } = await first.done;
    expect(signal).toBe('SIGKILL');
    const before = jsonFiles(out);
    expect(before.length).toBeLessThan(SUBJECTS);
    expect(firstStderr).toMatch(/\d+\/91 subjects, [\d.]+\/s, /);
    const progress = JSON.parse(fs.readFileSync(path.join(out, '.progress'), 'utf8')) as { done: number };
    expect(progress.done).toBeGreaterThan(0);
    // What the checkpoint covers is not written again on the next run.
    const covered = fs.readFileSync(idsFile, 'utf8').split(/\r?\n/).filter(Boolean).slice(0, progress.done);
    const mtimes = new Map(
      covered
        .map((id) => path.join(out, `${id.toLowerCase()}.json`))
        .filter((f) => fs.existsSync(f))
        .map((f) => [f, fs.statSync(f).mtimeMs]),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));

    const again = await run(idsFile, out);
    expect(again.stderr).toContain(`resuming after line`);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/91\/91 subjects/);
    expect(again.stderr).toContain('1 ids matched no subject (listed in not-found.txt)');
    expect(again.stderr).toMatch(/peak memory \d+ MiB/);
    for (const [f, mtime] of mtimes) expect(fs.statSync(f).mtimeMs).toBe(mtime);

    // Every subject exactly once, nothing half-written left behind, the unknown id listed.
    expect(jsonFiles(out).sort()).toEqual(ids.map((id) => `${id}.json`).sort());
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(fs.readFileSync(path.join(out, 'not-found.txt'), 'utf8').trim().split('\n')).toContain(unknown);

    // Each file is whole and the same as the subject's single export.
    for (const id of [ids[0], ids[1], ids[9], ids[49], ids[50], ids[SUBJECTS - 1]]) {
      const single = await exportSubject({ gateway: stack.gatewayUrl, token, policy: POLICIES.ophelantyra, id });
      expect(withoutDate(fs.readFileSync(path.join(out, `${id}.json`), 'utf8'))).toEqual(
        withoutDate(JSON.stringify(single)),
      );
    }
    for (const f of jsonFiles(out))
      expect((JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')) as { subjectId: string }).subjectId).toBe(
        f.replace(/\.json$/, ''),
      );

    // Run once more: complete, nothing is asked again.
    const done = await run(idsFile, out);
    expect(done.status).toBe(0);
    expect(done.stderr).toContain('wrote 0 subjects');
  });

  it('refuses a missing ids file, a bad line (named by number, not repeated), another file in the same folder and a bad batch, writing nothing', async () => {
    const out = path.join(dir, 'refused');
    const missing = await run(path.join(dir, 'no-such-file.txt'), out);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read the ids file');
    expect(fs.existsSync(out)).toBe(false);

    const bad = path.join(dir, 'bad.txt');
    fs.writeFileSync(bad, `${demoId('subject', 0)}\n\nelodie.dupre@example.fr\n${demoId('subject', 1)}\n`);
    const malformed = await run(bad, out);
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain('line 3 of the ids file is not a subject id');
    expect(malformed.stderr).not.toContain('elodie');
    expect(fs.existsSync(out)).toBe(false);

    const good = path.join(dir, 'good.txt');
    fs.writeFileSync(good, `${demoId('subject', 0)}\n`);
    expect((await run(good, out)).status).toBe(0);
    const other = path.join(dir, 'other.txt');
    fs.writeFileSync(other, `${demoId('subject', 1)}\n`);
    const mixed = await run(other, out);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('holds the progress of another ids file');
    expect(jsonFiles(out)).toEqual([`${demoId('subject', 0)}.json`]);

    const tooMany = await run(good, path.join(dir, 'batch'), 501);
    expect(tooMany.status).toBe(2);
    expect(tooMany.stderr).toContain('--batch must be a whole number from 1 to 500');
  });
});
