import { POLICIES } from '../policies';
import { runById, seedBoundaries, waitForRun, type Seeded } from './helpers/retention';
import { db, snapshot } from './helpers/snapshot';
import { startStack, type Stack } from './helpers/stack';
import { runNode, scriptPath } from './helpers/node-script';

/**
 * `npm run retention` as a DPO runs it: the built command (`node dist/scripts/retention.js`)
 * against a real stack, its exit code, what it prints and what it changes.
 */
const CLI = scriptPath('retention');
const AS_OF = '2026-11-01';
const policy = POLICIES.ophelantyra;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Every table row the command printed, as cells (columns are two spaces or more apart). */
function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => /^(profile|sessions|billing|support|requests) {2}/.test(l))
    .map((l) => l.trim().split(/ {2,}/));
}

function row(text: string, subgraph: string, rule: string, entity: string): string[] {
  const found = rows(text).find((r) => r[0] === subgraph && r[1] === rule && r[2] === entity);
  if (!found) throw new Error(`no row ${subgraph} ${rule} ${entity} in:\n${text}`);
  return found;
}

describe('npm run retention (the built command)', () => {
  let stack: Stack;
  let seeded: Seeded;
  let token: string;

  const cli = async (...args: string[]): Promise<Result> => {
    const r = await runNode([CLI, '--gateway', stack.gatewayUrl, '--token', token, ...args], { timeoutMs: 60_000 });
    // Killed by the timeout: no exit code, a failure all the same.
    return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  };

  const tables = () => snapshot(stack, ['audit_event']);

  beforeAll(async () => {
    stack = await startStack({ subjects: 2, policy });
    seeded = await seedBoundaries(stack, policy, new Date(`${AS_OF}T00:00:00Z`));
    token = await stack.token({ roles: ['dpo'], sub: 'dpo-cli' });
  });
  afterAll(() => stack.stop());

  it('O20: an --as-of that is not a date, or in the future, exits non-zero with a clear message and changes nothing', async () => {
    const before = await snapshot(stack);
    for (const bad of ['2026-13-01', '2026-02-30', 'yesterday', "2026-01-01'; DROP TABLE invoice"]) {
      const r = await cli('--as-of', bad);
      expect([bad, r.code]).toEqual([bad, 2]);
      expect(r.stderr).toBe('retention failed: --as-of is not a date (YYYY-MM-DD)\n');
      expect(r.stdout).toBe('');
    }
    // Checked by the service: a real sweep as of a date to come is refused.
    const future = await cli('--as-of', '2099-01-01');
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/^retention failed: BAD_USER_INPUT: .*future/);
    expect(await snapshot(stack)).toEqual(before);
  });

  it('O20: --dry-run --as-of prints the table per subgraph and rule, and changes nothing', async () => {
    const before = await tables();
    const r = await cli('--dry-run', '--as-of', AS_OF);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`Dry run (nothing changed) as of ${AS_OF}: COMPLETED`);
    expect(r.stdout).toMatch(/^subgraph +rule +entity +deleted +anonymised +kept under hold +subjects *$/m);
    // The boundary rows seeded the day before and the day of the cutoff, not the day after.
    expect(row(r.stdout, 'billing', 'accounting', 'Invoice').slice(3)).toEqual(['2', '0', '0', '2']);
    expect(row(r.stdout, 'sessions', 'session-data', 'MentoringSession').slice(3)).toEqual(['0', '2', '0', '2']);
    expect(row(r.stdout, 'requests', 'access-log', 'AccessLogEntry')[3]).toBe('2');
    expect(new Set(rows(r.stdout).map((c) => c[0]))).toEqual(new Set(['sessions', 'billing', 'support', 'requests']));
    expect(await tables()).toEqual(before);
  });

  it('O20: a real run prints what it did, exits 0, and the records past their period are gone', async () => {
    const r = await cli('--as-of', AS_OF);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [first] = r.stdout.split('\n');
    expect(first).toMatch(new RegExp(`^Sweep [0-9a-f-]{36} as of ${AS_OF}: COMPLETED$`));
    expect(row(r.stdout, 'billing', 'accounting', 'Invoice').slice(3)).toEqual(['2', '0', '0', '2']);
    expect(row(r.stdout, 'billing', 'accounting', 'Payment')[3]).toBe('2');
    const left = await db(stack, 'billing').query<Array<{ id: string }>>(
      'SELECT id FROM invoice WHERE id IN (?, ?, ?)',
      seeded.ids.invoice,
    );
    expect(left.map((x) => x.id)).toEqual([seeded.ids.invoice[2]]);
    const run = await runById(stack, first.split(' ')[1]);
    expect(run).toMatchObject({ type: 'RETENTION', status: 'COMPLETED', dryRun: false, asOf: AS_OF });
  });

  it('with one subgraph stopped, exits non-zero and names the leg left pending', async () => {
    const support = stack.subgraphs.support;
    const port = support.listening.port;
    await support.listening.close();
    let r: Result;
    try {
      r = await cli('--as-of', AS_OF, '--wait', '1');
    } finally {
      support.listening = await support.server.listen(port);
    }
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^Sweep [0-9a-f-]{36} as of ${AS_OF}: IN_PROGRESS$`, 'm'));
    expect(r.stdout).toMatch(/^leg support: PENDING \(.*support.*\)$/m);
    expect(r.stdout).not.toMatch(/^leg (profile|sessions|billing|requests):/m);
    // Back up, the worker finishes it: the report below counts it.
    await waitForRun(stack, r.stdout.split('\n')[0].split(' ')[1]);
  });

  it('O20: --report --quarter 2026Q4 prints what the sweeps of the quarter did and what falls due in the next', async () => {
    const r = await cli('--report', '--quarter', '2026Q4');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [done, due] = r.stdout.split('Due by the end of the next quarter');
    expect(done.split('\n')[0]).toBe('Retention report 2026Q4: 2 sweeps as of 2026-10-01 to 2027-01-01 (exclusive)');
    // The two real sweeps above: the first deleted the two invoices past 7 years, the second nothing more.
    expect(row(done, 'billing', 'accounting', 'Invoice').slice(3)).toEqual(['2', '0', '0', '2']);
    expect(row(done, 'sessions', 'session-data', 'MentoringSession')[4]).toBe('2');
    expect(due.split('\n')[0]).toBe(' (a dry run as of 2027-03-31):');
    // Due by then: the invoice seeded the day after the cutoff, and nothing already deleted.
    expect(row(due, 'billing', 'accounting', 'Invoice')[3]).toBe('1');
  });

  it('O20: a malformed quarter, or a report without one, is refused and changes nothing', async () => {
    const before = await snapshot(stack);
    for (const args of [
      ['--report', '--quarter', '2026Q5'],
      ['--report', '--quarter', '26Q4'],
      ['--report', '--quarter', '2026q4; DROP TABLE x'],
    ]) {
      const r = await cli(...args);
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.stderr).toBe('retention failed: --quarter must look like 2026Q4\n');
      expect(r.stdout).toBe('');
    }
    const missing = await cli('--report');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('retention failed: --report needs --quarter (2026Q4)\n');
    expect(await snapshot(stack)).toEqual(before);
  });
});
