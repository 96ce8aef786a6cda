import fs from 'node:fs';
import path from 'node:path';
import { demoId } from '../common/demo/random';
import { OutboxMessageEntity } from '../subgraphs/requests/mail/entities/outbox-message.entity';
import { setEnv } from './helpers/env';
import { outboxSettled } from './helpers/lifecycle';
import { sweepAndWait } from './helpers/retention';
import { rights, waitForStatus } from './helpers/rights';
import { db } from './helpers/snapshot';
import { startStack, type As, type Stack } from './helpers/stack';

const ENV: Record<string, string | undefined> = {
  SMTP_URL: undefined, // the .eml copies on disk are what this file checks
  MAIL_WORKER_INTERVAL_MS: '100',
  MAIL_RETRY_BASE_MS: '200',
  REQUESTS_WORKER_INTERVAL_MS: '100',
  REQUESTS_SYNC_WAIT_MS: '1000',
  RETENTION_SCHEDULE: 'off',
};

/** Every file under a folder, with its text. */
function filesUnder(dir: string): Array<{ name: string; text: string }> {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return { name: file, text: fs.readFileSync(file).toString('latin1') };
    });
}

describe('erasure reaches every copy: packages and mail files (O12, O13, V19, V40)', () => {
  let stack: Stack;
  let restoreEnv: () => void;
  beforeAll(async () => {
    restoreEnv = setEnv(ENV);
    stack = await startStack({ subjects: 8 });
  });
  afterAll(async () => {
    await stack.stop();
    restoreEnv();
  });

  const packageDir = () => path.join(stack.db.sqliteDir, 'packages');
  const mailDir = () => path.join(stack.db.sqliteDir, 'mail');
  const holding = (value: string) =>
    [...filesUnder(packageDir()), ...filesUnder(mailDir())].filter((f) => f.text.includes(value)).map((f) => f.name);
  const email = async (id: string) => {
    const res = await stack.query<{ subject: { email: string } }>('query($id: ID!) { subject(id: $id) { email } }', {
      id,
    });
    return res.data!.subject.email;
  };
  /** An access package of the subject, asked by them and built. */
  const exported = async (subjectId: string): Promise<string> => {
    const res = await stack.query<{ requestExport: { id: string } }>(
      'mutation($input: RequestExportInput!) { requestExport(input: $input) { id } }',
      { input: { subjectId } },
      { role: 'subject', subjectId },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    await waitForStatus(stack, res.data!.requestExport.id, ['COMPLETED']);
    return res.data!.requestExport.id;
  };
  const download = async (id: string, as: As) => {
    const bearer = await stack.token({ roles: [as.role ?? 'dpo'], subjectId: as.subjectId });
    const res = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/packages/${id}`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    const body = (await res.json().catch(() => null)) as { errors?: Array<{ extensions: { code: string } }> } | null;
    return [res.status, body?.errors?.[0].extensions.code];
  };

  it('O12, V19: after an erasure no file under the package folder or the mail folder holds the subject’s email, and their package link answers PACKAGE_ERASED', async () => {
    const subjectId = demoId('subject', 1);
    const address = await email(subjectId);
    const id = await exported(subjectId);
    await outboxSettled(stack);
    // Before: the package and the "package ready" message hold the address.
    expect(fs.existsSync(path.join(packageDir(), `${id}.zip`))).toBe(true);
    expect(holding(address).some((f) => f.endsWith('.eml'))).toBe(true);

    const erasure = await rights(stack, 'eraseSubject', { subjectId, reason: 'Art. 17(1)(a)' });
    await waitForStatus(stack, erasure.request!.id, ['COMPLETED']);
    await outboxSettled(stack);

    expect(holding(address)).toEqual([]);
    expect(fs.existsSync(path.join(packageDir(), `${id}.zip`))).toBe(false);
    expect(await download(id, { role: 'dpo' })).toEqual([410, 'PACKAGE_ERASED']);
  });

  it('O16, V19: a closure deletes the subject’s packages at once, files and links', async () => {
    const subjectId = demoId('subject', 2);
    const id = await exported(subjectId);
    expect(await download(id, { role: 'subject', subjectId })).toEqual([200, undefined]);
    const closure = await rights(stack, 'closeAccount', { subjectId });
    await waitForStatus(stack, closure.request!.id, ['COMPLETED']);
    expect(fs.existsSync(path.join(packageDir(), `${id}.zip`))).toBe(false);
    expect(await download(id, { role: 'subject', subjectId })).toEqual([410, 'PACKAGE_ERASED']);
    expect(await download(id, { role: 'dpo' })).toEqual([410, 'PACKAGE_ERASED']);
  });

  it('O13: the .eml copies follow the outbox’s period: the sweep that deletes a message deletes its file', async () => {
    const subjectId = demoId('subject', 3);
    const address = await email(subjectId);
    const res = await rights(stack, 'setConsent', { subjectId, purpose: 'RESEARCH', granted: true });
    await waitForStatus(stack, res.request!.id, ['COMPLETED']);
    await outboxSettled(stack);
    expect(holding(address).length).toBeGreaterThan(0);
    // The outbox keeps copies 3 months (policies/policy.ts): the messages made a year old, a sweep
    // today removes their rows and their files.
    await db(stack, 'requests')
      .getRepository(OutboxMessageEntity)
      .update({ subjectId }, { createdAt: new Date(Date.now() - 366 * 86_400_000) });
    await sweepAndWait(stack, null);
    await outboxSettled(stack);
    // A file still being written (.tmp) is renamed then found by the next sweep: count whole copies.
    expect(holding(address).filter((f) => f.endsWith('.eml'))).toEqual([]);
  });
});
