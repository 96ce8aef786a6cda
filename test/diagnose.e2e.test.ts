/**
 * `npm run diagnose` (node dist/scripts/diagnose.js) against a seeded stack whose ledger holds an
 * erasure and a retention sweep: versions, settings, databases and ledger counts are printed;
 * no name, address, phone or birth date of the demo subjects is, and no secret given in the
 * environment (as a value or as a file) either.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUBGRAPH_NAMES } from '../common/config';
import { demoPlan } from '../common/demo/plan';
import { demoId } from '../common/demo/random';
import { runScript, type ScriptResult } from './helpers/node-script';
import { runRetention, runById } from './helpers/retention';
import { rights, waitForStatus } from './helpers/rights';
import { TEST_NOW, startStack, type Stack } from './helpers/stack';

const SUBJECTS = 12;
const SECRET = 'internal-secret-Qz81-never-printed-0123456789';
const FILE_SECRET = 'caller-secret-from-a-file-Wv27-0123456789';
const SMTP_PASSWORD = 'smtp-pw-Hx55';

describe('npm run diagnose', () => {
  let stack: Stack;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let sweepId: string;

  beforeAll(async () => {
    stack = await startStack({ subjects: SUBJECTS });
    const erasure = await rights(stack, 'eraseSubject', { subjectId: demoId('subject', 3) });
    expect(erasure.errors).toBeUndefined();
    await waitForStatus(stack, erasure.request?.id ?? '', ['COMPLETED']);
    const sweep = await runRetention(stack, TEST_NOW.toISOString().slice(0, 10));
    sweepId = sweep.data?.r.id ?? '';
    for (let i = 0; i < 100 && (await runById(stack, sweepId)).status !== 'COMPLETED'; i++)
      await new Promise((r) => setTimeout(r, 100));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-diagnose-'));
    fs.writeFileSync(path.join(dir, 'auth_jwt_secret'), `${FILE_SECRET}\n`);
    env = {
      DB: stack.db.kind,
      DATA_DIR: stack.db.sqliteDir,
      DB_PREFIX: stack.db.databasePrefix,
      INTERNAL_TOKEN_SECRET: SECRET,
      AUTH_JWT_SECRET: undefined,
      AUTH_JWT_SECRET_FILE: path.join(dir, 'auth_jwt_secret'),
      SMTP_URL: `smtp://dpo-mailer:${SMTP_PASSWORD}@mail.internal:587`,
    };
  });

  afterAll(async () => {
    await stack?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Nothing of any demo subject: names, addresses, phones, birth dates. */
  function expectNothingPersonal(r: ScriptResult): void {
    const printed = `${r.stdout}\n${r.stderr}`;
    for (const s of demoPlan(SUBJECTS, TEST_NOW))
      for (const value of [s.fullName, s.email, s.phone, s.birthDate])
        if (value) expect([s.index, printed.includes(value)]).toEqual([s.index, false]);
    expect(printed).not.toMatch(/[\w.+-]+@example\.(fr|jp|org|com)/);
  }

  it('prints versions, masked settings, each database with its migrations, and the ledger in numbers', async () => {
    const r = await runScript('diagnose', [], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(new RegExp(`^  node +${process.version.replace(/\./g, '\\.')} `, 'm'));
    expect(out).toMatch(/^ {2}data-subject-gateway +\d+\.\d+\.\d+$/m);
    expect(out).toMatch(/^ {2}@apollo\/server +5\.\d+\.\d+$/m);
    // Secrets: masked, or the file's path; never the value.
    expect(out).toMatch(/^ {2}INTERNAL_TOKEN_SECRET +\*\*\* \(set, masked\)$/m);
    const fileLine = out.split('\n').find((l) => /^ {2}AUTH_JWT_SECRET_FILE +/.test(l));
    expect(fileLine?.endsWith(` ${path.join(dir, 'auth_jwt_secret')} (file)`)).toBe(true);
    expect(out).toMatch(/^ {2}SMTP_URL +smtp:\/\/\*\*\*:\*\*\*@mail\.internal:587 \(masked\)$/m);
    for (const secret of [SECRET, FILE_SECRET, SMTP_PASSWORD, 'dpo-mailer']) expect(out).not.toContain(secret);
    for (const name of SUBGRAPH_NAMES)
      expect(out).toMatch(new RegExp(`^ {2}${name} .+; migrations \\d+ run, 0 pending$`, 'm'));
    expect(out).toMatch(stack.db.kind === 'sqlite' ? /SQLite 3\.\d+/ : /(MariaDB|MySQL) \d+\.\d+/);
    expect(out).toMatch(/^ {2}requests ERASURE +COMPLETED 1$/m);
    expect(out).toMatch(/^ {2}requests RETENTION +COMPLETED 1$/m);
    expect(out).toMatch(/^ {2}open and overdue +0$/m);
    expect(out).toMatch(/^ {2}legs pending +0$/m);
    expect(out).toMatch(/^ {2}legs failed +0$/m);
    expect(out).toMatch(/^ {2}audit events +[1-9]\d*, last \d{4}-\d\d-\d\d/m);
    expect(out).toContain(`last sweep completed  ${sweepId} (on demand) COMPLETED, received `);
    expectNothingPersonal(r);
  });

  it('reports a database that is not there without creating it, and the ledger as unreachable', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-diagnose-empty-'));
    try {
      const r = await runScript('diagnose', ['--subgraph', 'requests', '--subgraph', 'billing'], {
        ...env,
        DB: 'sqlite',
        DATA_DIR: empty,
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^ {2}billing +\S+billing\.sqlite {2}unreachable \(NO_DATABASE_FILE\)$/m);
      expect(r.stdout).toContain('the requests database is unreachable');
      expect(r.stdout).not.toMatch(/^ {2}profile /m);
      expect(fs.readdirSync(empty)).toEqual([]);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('--help prints the usage and exits 0; an unknown option or subgraph exits 2 and says so', async () => {
    const help = await runScript('diagnose', ['--help'], env);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run diagnose/);
    expect(help.stdout).toContain('--subgraph <name>');

    const unknown = await runScript('diagnose', ['--verbose'], env);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain("Unknown option '--verbose'");
    expect(unknown.stderr).toContain('npm run diagnose -- --help');

    const bad = await runScript('diagnose', ['--subgraph', 'payroll'], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      '--subgraph must be one of profile, sessions, billing, support, requests, not "payroll"',
    );
  });
});
