import { addDuration } from '../common/duration';
import { demoId } from '../common/demo/random';
import { POLICIES } from '../policies';
import { setEnv } from './helpers/env';
import { daysBefore, ledgerOf, today } from './helpers/lifecycle';
import { runRetention, sweepAndWait } from './helpers/retention';
import { requestById, rights, waitForStatus, type DsRequest } from './helpers/rights';
import { eventually, TestInbox } from './helpers/smtp';
import { startStack, type Stack } from './helpers/stack';

/** A day as a French reader sees it in the messages (the organisation's time zone). */
const frDay = (d: Date) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(d);

interface Row {
  kind: string;
  recipient: string;
  request_id: string;
}

/** The rows of the outbox of a request, oldest first. */
async function outboxOf(stack: Stack, requestId: string): Promise<Row[]> {
  return stack.subgraphs.requests.server.db.dataSource.query<Row[]>(
    'SELECT kind, recipient, request_id FROM outbox_message WHERE request_id = ? ORDER BY created_at, kind',
    [requestId],
  );
}

async function close(stack: Stack, subjectId: string, receivedOn: string): Promise<DsRequest> {
  const res = await rights(stack, 'closeAccount', { subjectId, reason: 'plus besoin', receivedOn });
  if (!res.request) throw new Error(JSON.stringify(res.errors));
  return waitForStatus(stack, res.request.id, ['COMPLETED']);
}

/** The erasure the account's life submitted for a subject. */
async function lifecycleErasure(stack: Stack, subjectId: string): Promise<DsRequest> {
  const row = await eventually(
    async () => (await ledgerOf(stack, subjectId)).find((r) => r.type === 'ERASURE'),
    `the erasure of ${subjectId}`,
  );
  return (await requestById(stack, row.id))!;
}

describe('messages that name their cause and count from the event the policy counts from (ophelantyra)', () => {
  const inbox = new TestInbox();
  let stack: Stack;
  let restoreEnv: () => void;
  beforeAll(async () => {
    await inbox.start();
    restoreEnv = setEnv({
      SMTP_URL: inbox.url,
      MAIL_WORKER_INTERVAL_MS: '100',
      REQUESTS_MAX_ATTEMPTS: '2',
      REQUESTS_RETRY_BASE_MS: '100',
      REQUESTS_RETRY_MAX_MS: '200',
    });
    stack = await startStack({ subjects: 12, policy: POLICIES.ophelantyra });
  });
  afterAll(async () => {
    await stack.stop();
    await inbox.stop();
    restoreEnv();
  });

  it('O16, O26: a closure is told in one message with its erasure date (closure + 30 days); the erasure names the closure', async () => {
    const subjectId = demoId('subject', 0);
    const closedOn = daysBefore(today(), 'P29D');
    const closure = await close(stack, subjectId, closedOn);
    const erasureBy = addDuration(new Date(closure.receivedAt), 'P30D');
    // One message for a change that completes at once: no « received » before it.
    expect((await outboxOf(stack, closure.id)).map((m) => m.kind)).toEqual(['REQUEST_COMPLETED']);
    const told = await eventually(
      () => inbox.messages.find((m) => m.text?.includes(`Référence : ${closure.id}`)),
      'the closure message',
    );
    expect(told.text).toContain('fermeture de votre compte');
    expect(told.text).toContain(`Vos données seront effacées au plus tard le ${frDay(erasureBy)}`);

    await sweepAndWait(stack, null);
    const erasure = await waitForStatus(stack, (await lifecycleErasure(stack, subjectId)).id, ['COMPLETED']);
    // The deadline runs from the closure, not from the sweep of day 28 (« dans les trente jours »).
    expect(new Date(erasure.dueAt)).toEqual(erasureBy);
    const done = await eventually(
      () => inbox.messages.find((m) => m.text?.includes(`Référence : ${erasure.id}`)),
      'the erasure message',
    );
    // One message, read at the inbox: the sweep's own leg may already have pruned the sent row
    // of an erased subject (erased-subject-leftovers), and the outbox sends oldest first, so a
    // « received » would have arrived before this one.
    expect(inbox.messages.filter((m) => m.text?.includes(`Référence : ${erasure.id}`))).toHaveLength(1);
    expect(done.subject).toBe('Vos données ont été effacées');
    expect(done.text).toContain(`Vous avez fermé votre compte le ${frDay(new Date(closure.receivedAt))}.`);
    expect(done.text).not.toContain("votre demande d'effacement");
    expect(done.text).not.toMatch(/\b[A-Z]+(?:_[A-Z0-9]+)+\b/);
  });

  it('O16, O26: a closure erasure not done by day 30 is overdue (not on day 29); its failure tells the dpo and the subject', async () => {
    const late = demoId('subject', 2);
    const onTime = demoId('subject', 6);
    const lateClosure = await close(stack, late, daysBefore(today(), 'P31D'));
    const onTimeClosure = await close(stack, onTime, daysBefore(today(), 'P29D', 0));
    const billing = stack.subgraphs.billing;
    const port = billing.listening.port;
    await billing.listening.close();
    let erasures: DsRequest[];
    try {
      const run = await runRetention(stack, null);
      expect(run.errors).toBeUndefined();
      erasures = await Promise.all([late, onTime].map((id) => lifecycleErasure(stack, id)));
      erasures = await Promise.all(erasures.map((e) => waitForStatus(stack, e.id, ['FAILED'])));
    } finally {
      billing.listening = await billing.server.listen(port);
    }
    const [lateErasure, onTimeErasure] = erasures;
    expect(new Date(lateErasure.dueAt)).toEqual(addDuration(new Date(lateClosure.receivedAt), 'P30D'));
    expect(new Date(onTimeErasure.dueAt)).toEqual(addDuration(new Date(onTimeClosure.receivedAt), 'P30D'));
    expect(lateErasure.overdue).toBe(true);
    expect(onTimeErasure.overdue).toBe(false);
    const overdue = await stack.query<{ dataSubjectRequests: { nodes: Array<{ id: string }> } }>(
      'query { dataSubjectRequests(filter: { overdue: true }, first: 50) { nodes { id } } }',
    );
    const ids = overdue.data!.dataSubjectRequests.nodes.map((r) => r.id);
    expect(ids).toContain(lateErasure.id);
    expect(ids).not.toContain(onTimeErasure.id);

    // FAILED: the dpo is told at once (no personal data), the subject of the delay.
    const kinds = await eventually(async () => {
      const rows = await outboxOf(stack, lateErasure.id);
      return rows.length >= 2 ? rows : undefined;
    }, 'the failure messages');
    expect(kinds.map((r) => r.kind).sort()).toEqual(['REQUEST_DELAYED', 'REQUEST_FAILED']);
    expect(kinds.find((r) => r.kind === 'REQUEST_FAILED')!.recipient).toBe('dpo@localhost');
    const dpoMail = await eventually(
      () => inbox.to('dpo@localhost').find((m) => m.subject?.includes(lateErasure.id)),
      'the dpo message',
    );
    expect(dpoMail.text).toContain('- billing (2 tentatives)');
    expect(dpoMail.text).not.toContain('@example');
    const delayed = await eventually(
      () =>
        inbox.messages.find((m) => m.subject === 'Votre demande prend du retard' && m.text?.includes(lateErasure.id)),
      'the delay message',
    );
    expect(delayed.text).toContain('problème technique');
  });
});
