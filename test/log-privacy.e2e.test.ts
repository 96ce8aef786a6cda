/**
 * Issue 20, acceptance 2: the gateway and the five subgraphs as real processes, logging at debug
 * level, through an export, a rectification with a new email (confirmed with the code mailed to
 * it) and an erasure. No line of any service holds the subject's email (old or new), name, phone
 * or id; every line is one JSON object naming its service; the gateway's request id is on the
 * lines of the subgraphs that request reached. The same holds for the spans every service
 * exports meanwhile (to an OTLP receiver in the test): their names and attributes, SQL included.
 */
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { FEATURED_INDEX } from '../common/demo/plan';
import { demoId } from '../common/demo/random';
import { exportQuery } from '../schema/supergraph';
import { startOtlpReceiver, type OtlpReceiver } from './helpers/otlp-receiver';
import { PROCESS_NAMES, startProcessStack, type ProcessStack } from './helpers/processes';
import { rights, waitForStatus, type DsRequest } from './helpers/rights';

jest.setTimeout(180_000);

let stack: ProcessStack;
let receiver: OtlpReceiver;
const subjectId = demoId('subject', FEATURED_INDEX.golden);
const NEW_EMAIL = 'Zoe.Nouvelle-Adresse@example.org';

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  stack = await startProcessStack({
    subjects: 6,
    outputLines: 1_000_000,
    env: {
      LOG_LEVEL: 'debug',
      MAIL_WORKER_INTERVAL_MS: '100',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
  });
});
afterAll(async () => {
  await stack?.stopAll();
  await receiver?.close();
});

/** The code of the confirmation message delivered to `to`, read from the mail folder (.eml files). */
async function confirmationCode(to: string): Promise<string> {
  const dir = path.join(stack.db.sqliteDir, 'mail');
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    for (const f of files) {
      const mail = await simpleParser(fs.readFileSync(path.join(dir, f)));
      const code = /\n\n([A-Za-z0-9_-]{43})\n\n/.exec(mail.text ?? '');
      if (code && JSON.stringify(mail.to).toLowerCase().includes(to.toLowerCase())) return code[1];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no confirmation code mailed to ${to}`);
}

type Line = Record<string, unknown>;

it('V7: at debug level, no log line of any service holds the subject’s email, name, phone or id', async () => {
  const who = await stack.query<{ subject: { fullName: string; email: string; phone: string | null } }>(
    'query($id: ID!) { subject(id: $id) { fullName email phone } }',
    { id: subjectId },
  );
  const { fullName, email, phone } = who.data!.subject;
  expect([fullName, email]).toEqual([expect.any(String), expect.stringContaining('@')]);

  const exported = await stack.query(exportQuery(), { id: subjectId });
  expect(exported.errors).toBeUndefined();

  const rectified = await rights(stack, 'rectifySubject', { subjectId, changes: { email: NEW_EMAIL } });
  expect(rectified.request).toMatchObject({ status: 'RECEIVED', awaitingConfirmation: true });
  const confirmed = await stack.query<{ confirmEmailChange: DsRequest }>(
    'mutation($t: String!) { confirmEmailChange(token: $t) { id status } }',
    { t: await confirmationCode(NEW_EMAIL) },
    { role: 'subject', subjectId },
  );
  expect(confirmed.errors).toBeUndefined();
  await waitForStatus(stack, rectified.request!.id, ['COMPLETED']);

  const erasure = await rights(stack, 'eraseSubject', { subjectId, reason: 'Art. 17(1)(a)' });
  expect(erasure.errors).toBeUndefined();
  await waitForStatus(stack, erasure.request!.id, ['COMPLETED']);
  // The outcome's message is delivered (and logged) by the mail worker.
  await new Promise((r) => setTimeout(r, 1000));

  const secrets = [subjectId, email, NEW_EMAIL, fullName, ...fullName.split(/\s+/).filter((w) => w.length >= 4)];
  if (phone) secrets.push(phone, phone.replace(/\D/g, ''));
  const byService = new Map<string, Line[]>();
  for (const name of PROCESS_NAMES) {
    const lines = stack
      .output(name)
      .split('\n')
      .filter((l) => l.startsWith('! '))
      .map((l) => l.slice(2));
    for (const line of lines) {
      for (const s of secrets)
        expect([name, line, line.toLowerCase().includes(s.toLowerCase())]).toEqual([name, line, false]);
    }
    const parsed = lines.map((l) => JSON.parse(l) as Line);
    for (const p of parsed)
      expect(p).toMatchObject({ service: name, level: expect.any(String), msg: expect.any(String) });
    byService.set(name, parsed);
  }

  // Debug level really was on, and the subgraphs logged the calls the requests made.
  const gateway = byService.get('gateway')!;
  const erase = gateway.find((l) => l.operation === 'mutation.eraseSubject');
  expect(erase).toMatchObject({ outcome: 'ok', requestId: expect.any(String) });
  const sameRequest = byService.get('requests')!.filter((l) => l.requestId === erase!.requestId);
  expect(sameRequest.map((l) => l.level)).toContain('debug');
  const legs = byService
    .get('requests')!
    .filter((l) => l.msg === 'leg done' || l.msg === 'leg done, request completed');
  expect(legs.some((l) => l.requestId === erasure.request!.id)).toBe(true);
  for (const name of ['profile', 'sessions', 'billing', 'support'])
    expect(byService.get(name)!.some((l) => l.level === 'debug' && typeof l.requestId === 'string')).toBe(true);

  // The spans of the same three operations: every service exported some, SQL among them, and none
  // holds a personal value in its name or attributes (statements are masked, arguments not recorded).
  const until = Date.now() + 15_000;
  const spanning = () => new Set(receiver.spans.map((s) => s.service));
  while (PROCESS_NAMES.some((n) => !spanning().has(n)) && Date.now() < until)
    await new Promise((r) => setTimeout(r, 200));
  expect([...spanning()].sort()).toEqual([...PROCESS_NAMES].sort());
  expect(receiver.spans.some((s) => s.service === 'profile' && typeof s.attributes['db.query.text'] === 'string')).toBe(
    true,
  );
  for (const span of receiver.spans) {
    const text = JSON.stringify({ name: span.name, attributes: span.attributes }).toLowerCase();
    for (const s of secrets)
      expect([span.service, span.name, text.includes(s.toLowerCase())]).toEqual([span.service, span.name, false]);
  }
});
