import fs from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { POLICIES } from '../policies';
import { rights, type DsRequest } from './helpers/rights';
import { eventually, TestInbox } from './helpers/smtp';
import { startStack, type Stack } from './helpers/stack';
import { setEnv } from './helpers/env';

interface Message {
  id: string;
  requestId: string | null;
  subjectId: string | null;
  kind: string;
  language: string;
  recipient: string;
  subjectLine: string;
  body: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  providerMessageId: string | null;
}

const MESSAGE_FIELDS =
  'id requestId subjectId kind language recipient subjectLine body status attempts lastError nextAttemptAt sentAt providerMessageId';

async function outbox(stack: Stack, args: { subjectId?: string; status?: string } = {}): Promise<Message[]> {
  const res = await stack.query<{ outboxMessages: { nodes: Message[] } }>(
    `query($s: ID, $st: [OutboxStatus!], $n: Int) { outboxMessages(filter: { subjectId: $s, statuses: $st }, first: $n) { nodes { ${MESSAGE_FIELDS} } } }`,
    { s: args.subjectId, st: args.status ? [args.status] : null, n: 200 },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.outboxMessages.nodes;
}

async function contact(stack: Stack, ids: string[]): Promise<Array<{ id: string; email: string; locale: string }>> {
  const res = await stack.query<{ subjects: Array<{ id: string; email: string; locale: string }> }>(
    'query($ids: [ID!]!) { subjects(ids: $ids) { id email locale } }',
    { ids },
  );
  return res.data!.subjects;
}

/** The messages of a request, once the outbox says they all went (SENT). */
async function sentFor(stack: Stack, subjectId: string, requestId: string, count: number): Promise<Message[]> {
  return eventually(async () => {
    const mine = (await outbox(stack, { subjectId })).filter((m) => m.requestId === requestId);
    return mine.length === count && mine.every((m) => m.status === 'SENT') ? mine : undefined;
  }, `${count} messages of ${requestId} sent`);
}

const messageIdOf = (m: Message) => `<${m.id}@localhost>`;

function arrived(inbox: TestInbox, m: Message): ParsedMail[] {
  return inbox.messages.filter((mail) => mail.messageId === messageIdOf(m));
}

const ENV = {
  SMTP_URL: undefined as string | undefined,
  MAIL_WORKER_INTERVAL_MS: '100',
  MAIL_RETRY_BASE_MS: '200',
  MAIL_RETRY_MAX_MS: '1000',
};

describe('mail through a real SMTP server (SMTP_URL)', () => {
  const inbox = new TestInbox();
  let stack: Stack;
  let restoreEnv: () => void;
  beforeAll(async () => {
    await inbox.start();
    restoreEnv = setEnv({ ...ENV, SMTP_URL: inbox.url });
    stack = await startStack({ subjects: 30 });
  });
  afterAll(async () => {
    await stack.stop();
    await inbox.stop();
    restoreEnv();
  });

  it('O26: a change that completes at once is answered by one message, in French for a French profile', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.golden);
    const [who] = await contact(stack, [subjectId]);
    expect(who.locale).toBe('fr-FR');
    const res = await rights(stack, 'restrictProcessing', { subjectId, scope: 'MARKETING', reason: 'Art. 18(1)(a)' });
    expect(res.request?.status).toBe('COMPLETED');

    const messages = await sentFor(stack, subjectId, res.request!.id, 1);
    expect(messages.map((m) => [m.kind, m.language, m.recipient])).toEqual([['REQUEST_COMPLETED', 'fr', who.email]]);
    const [completedMail] = arrived(inbox, messages[0]);
    expect(completedMail.subject).toBe('Votre demande a été traitée');
    expect(completedMail.text).toContain('demande de limitation du traitement (art. 18 RGPD) a été traitée le');
    expect(completedMail.text).toContain(`Référence : ${res.request!.id}`);
    expect(completedMail.headers.get('content-language')).toBe('fr');
    expect(completedMail.from?.text).toContain('dpo@localhost');
    expect(messages[0].sentAt).not.toBeNull();
    expect(messages[0].attempts).toBe(1);
    expect(messages[0].providerMessageId).toMatch(/^250/);
  });

  it('O26: a request of a subject whose profile says en-GB is answered in English', async () => {
    const ids = Array.from({ length: 19 }, (_, i) => demoId('subject', 11 + i));
    const english = (await contact(stack, ids)).find((s) => s.locale === 'en-GB');
    expect(english).toBeDefined();
    const res = await rights(stack, 'setConsent', { subjectId: english!.id, purpose: 'MARKETING', granted: false });
    expect(res.request?.status).toBe('COMPLETED');
    const messages = await sentFor(stack, english!.id, res.request!.id, 1);
    const mails = messages.flatMap((m) => arrived(inbox, m));
    expect(mails.map((m) => m.subject)).toEqual(['Your request has been carried out']);
    expect(mails.every((m) => m.headers.get('content-language') === 'en')).toBe(true);
    expect(mails[0].to).toMatchObject({ value: [{ address: english!.email }] });
  });

  it("O12, O26: an erasure's outcome reaches the address the subject had, with what the law keeps and until when", async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.disputedComplaint);
    const [who] = await contact(stack, [subjectId]);
    const res = await rights(stack, 'eraseSubject', { subjectId, reason: 'Art. 17(1)(a)' });
    expect(res.request?.status).toBe('COMPLETED');
    // Profile no longer has the address...
    expect((await contact(stack, [subjectId]))[0]).toMatchObject({ email: null });
    // ...yet the outcome went to it, captured when the request was received.
    const messages = await sentFor(stack, subjectId, res.request!.id, 2);
    const completed = arrived(
      inbox,
      messages.find((m) => m.kind === 'REQUEST_COMPLETED')!,
    );
    expect(completed).toHaveLength(1);
    expect(completed[0].to).toMatchObject({ value: [{ address: who.email }] });
    const text = completed[0].text!;
    expect(text).toContain("demande d'effacement de vos données (art. 17 RGPD) a été traitée");
    expect(text).toMatch(
      /- factures \(\d+\) : obligation légale de conservation, comptable et fiscale \(art\. 17\(3\)\(b\) RGPD\), au plus tard jusqu'au \d+ \S+ \d{4}/,
    );
    expect(text).toContain(
      "demandes d'assistance (1) : litige en cours, pour la défense de droits en justice (art. 17(3)(e) RGPD), jusqu'à la résolution complète du litige",
    );
    expect(text).not.toContain('DISPUTE_RESOLVED');
    // The ledger no longer holds the address once its last message is written.
    const [row] = await stack.subgraphs.requests.server.db.dataSource.query<Array<{ notify_email: string | null }>>(
      'SELECT notify_email FROM rights_request WHERE id = ?',
      [res.request!.id],
    );
    expect(row.notify_email).toBeNull();
  });

  it('O26: a rejection reaches the subject with its reason and where to complain; the code went to the new address', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.oneEach);
    const [who] = await contact(stack, [subjectId]);
    const res = await rights(stack, 'rectifySubject', { subjectId, changes: { email: 'ana.new@example.org' } });
    expect(res.request).toMatchObject({ status: 'RECEIVED', awaitingConfirmation: true });
    const reason = 'Nous ne pouvons pas vérifier votre identité (art. 12(6)).';
    const rejected = await stack.query<{ rejectRequest: DsRequest }>(
      'mutation($id: ID!, $r: String!) { rejectRequest(id: $id, reason: $r) { status } }',
      { id: res.request!.id, r: reason },
    );
    expect(rejected.data?.rejectRequest.status).toBe('REJECTED');

    const messages = await sentFor(stack, subjectId, res.request!.id, 3);
    const byKind = Object.fromEntries(messages.map((m) => [m.kind, m]));
    expect(byKind.EMAIL_CONFIRMATION.recipient).toBe('ana.new@example.org');
    expect(byKind.REQUEST_RECEIVED.recipient).toBe(who.email);
    expect(byKind.REQUEST_REJECTED.recipient).toBe(who.email);
    // The code proves the new address: it is read in that mailbox, not through the API.
    expect(byKind.EMAIL_CONFIRMATION.body).toBeNull();
    const [code] = inbox.to('ana.new@example.org');
    expect(code.subject).toBe('Confirmez votre nouvelle adresse e-mail');
    expect(code.text).toMatch(/\n\n[A-Za-z0-9_-]{43}\n\n/);
    const [refusal] = arrived(inbox, byKind.REQUEST_REJECTED);
    expect(refusal.subject).toBe('Votre demande ne peut pas être satisfaite');
    expect(refusal.text).toContain(reason);
    expect(refusal.text).toContain(POLICIES.ophelantyra.supervisoryAuthority);
  });

  it('O26: an extended deadline reaches the subject with its reason and the new date', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.fiftyEach);
    const res = await rights(stack, 'rectifySubject', { subjectId, changes: { email: 'bea.new@example.org' } });
    const reason = 'Plusieurs comptes liés à vérifier';
    const extended = await stack.query<{ extendDeadline: DsRequest }>(
      'mutation($id: ID!, $r: String!) { extendDeadline(id: $id, reason: $r, months: 1) { dueAt extendedMonths } }',
      { id: res.request!.id, r: reason },
    );
    expect(extended.data?.extendDeadline.extendedMonths).toBe(1);
    const dueAt = new Date(extended.data!.extendDeadline.dueAt);
    const messages = await sentFor(stack, subjectId, res.request!.id, 3);
    const [mail] = arrived(
      inbox,
      messages.find((m) => m.kind === 'DEADLINE_EXTENDED')!,
    );
    expect(mail.subject).toBe('Le délai de réponse à votre demande est prolongé');
    expect(mail.text).toContain('est prolongé de 1 mois, pour la raison suivante :');
    expect(mail.text).toContain(reason);
    const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(dueAt);
    expect(mail.text).toContain(`au plus tard le ${day}`);
  });

  it('O26: with the SMTP server down, messages wait with attempts and the error; back up, each arrives exactly once', async () => {
    await inbox.stop();
    const subjectId = demoId('subject', FEATURED_INDEX.manyConnectionLogs);
    let waiting: Message[];
    let requestId: string;
    try {
      const res = await rights(stack, 'objectToProcessing', { subjectId, purpose: 'MARKETING' });
      expect(res.request?.status).toBe('COMPLETED');
      requestId = res.request!.id;
      waiting = await eventually(async () => {
        const mine = (await outbox(stack, { subjectId })).filter((m) => m.requestId === requestId);
        return mine.length === 1 && mine.every((m) => m.status === 'PENDING' && m.attempts >= 2) ? mine : undefined;
      }, 'two failed attempts');
    } finally {
      // Back up whatever happened, so that the tests after this one have their server.
      await inbox.start();
    }
    for (const m of waiting) {
      expect(m.lastError).toMatch(/^E[A-Z]+: connect ECONNREFUSED /);
      expect(m.lastError).not.toContain('@');
      expect(m.sentAt).toBeNull();
      expect(m.nextAttemptAt).not.toBeNull();
      expect(arrived(inbox, m)).toHaveLength(0);
    }

    const sent = await sentFor(stack, subjectId, requestId, 1);
    // Once a later request's messages have gone too, the worker has passed over these again: nothing went twice.
    const later = await rights(stack, 'setConsent', { subjectId, purpose: 'ANALYTICS', granted: true });
    await sentFor(stack, subjectId, later.request!.id, 1);
    for (const m of sent) {
      expect(arrived(inbox, m)).toHaveLength(1);
      expect(m.lastError).toBeNull();
    }
    const ids = inbox.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a message the server refuses for good is FAILED at once, visible to a dpo, and goes once retried', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.assignmentEnded);
    inbox.refused.add('nobody@refused.example');
    const res = await rights(stack, 'rectifySubject', { subjectId, changes: { email: 'nobody@refused.example' } });
    const failed = await eventually(async () => {
      const list = await outbox(stack, { status: 'FAILED' });
      return list.find((m) => m.requestId === res.request!.id);
    }, 'a FAILED message');
    expect(failed).toMatchObject({ kind: 'EMAIL_CONFIRMATION', attempts: 1, sentAt: null, nextAttemptAt: null });
    expect(failed.lastError).toMatch(/^EENVELOPE 550: /);
    expect(failed.lastError).not.toContain('refused.example');

    inbox.refused.delete('nobody@refused.example');
    const retried = await stack.query<{ retryMessage: Message }>(
      `mutation($id: ID!) { retryMessage(id: $id) { ${MESSAGE_FIELDS} } }`,
      { id: failed.id },
    );
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.retryMessage).toMatchObject({ status: 'PENDING', attempts: 0, lastError: null });
    await sentFor(stack, subjectId, res.request!.id, 2);
    expect(inbox.to('nobody@refused.example')).toHaveLength(1);
  });

  it('O31: outcomes go by email, also to a subject who prefers SMS or the phone; no message is ever addressed to a phone number', async () => {
    type Who = {
      id: string;
      status: string;
      email: string;
      phone: string | null;
      communicationPreferences: { preferredChannel: string } | null;
    };
    const ids = Array.from({ length: 30 }, (_, i) => demoId('subject', i));
    const all = (
      await stack.query<{ subjects: Who[] }>(
        'query($ids: [ID!]!) { subjects(ids: $ids) { id status email phone communicationPreferences { preferredChannel } } }',
        { ids },
      )
    ).data!.subjects;
    const who = all.find(
      (s) =>
        s.status === 'ACTIVE' &&
        s.phone &&
        ['SMS', 'PHONE'].includes(s.communicationPreferences?.preferredChannel ?? ''),
    )!;
    expect(who).toBeDefined();
    const res = await rights(stack, 'restrictProcessing', {
      subjectId: who.id,
      scope: 'RESEARCH',
      reason: 'Art. 18(1)(a)',
    });
    expect(res.request?.status).toBe('COMPLETED');
    const [completed] = await sentFor(stack, who.id, res.request!.id, 1);
    expect(completed.recipient).toBe(who.email);
    expect(arrived(inbox, completed)).toHaveLength(1);
    // Nothing the outbox ever wrote went to a phone: every recipient is an email address.
    const phones = new Set(all.flatMap((s) => (s.phone ? [s.phone] : [])));
    const recipients = (await outbox(stack)).map((m) => m.recipient);
    expect(recipients.length).toBeGreaterThan(1);
    expect(recipients.filter((r) => !/^[^@\s]+@[^@\s]+$/.test(r) || phones.has(r))).toEqual([]);
  });

  it('bad input and the wrong role change nothing and say why', async () => {
    const [sent] = await outbox(stack, { status: 'SENT' });
    const query = (q: string, variables: Record<string, unknown>, as?: Parameters<Stack['query']>[2]) =>
      stack.query<Record<string, unknown>>(q, variables, as);
    const codeOf = (r: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
      r.errors?.[0]?.extensions?.code;
    const list = 'query($s: ID, $l: Int) { outboxMessages(filter: { subjectId: $s }, first: $l) { nodes { id } } }';
    const retry = 'mutation($id: ID!) { retryMessage(id: $id) { status } }';

    const malformed = await query(list, { s: 'not-an-id' });
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0].extensions).toMatchObject({ argumentName: 'filter.subjectId' });
    expect(codeOf(await query(list, { l: 1000 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await query(retry, { id: "'; DROP TABLE outbox_message; --" }))).toBe('BAD_USER_INPUT');
    const unknown = await query(retry, { id: '00000000-0000-4000-8000-000000000000' });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    const notFailed = await query(retry, { id: sent.id });
    expect(codeOf(notFailed)).toBe('MESSAGE_NOT_FAILED');
    expect(notFailed.errors![0].message).not.toContain(sent.recipient);

    for (const role of ['support', 'tech'] as const) expect(codeOf(await query(list, {}, { role }))).toBe('FORBIDDEN');
    expect(codeOf(await query(list, {}, { role: 'subject', subjectId: sent.subjectId! }))).toBe('FORBIDDEN');
    expect(codeOf(await query(retry, { id: sent.id }, { role: 'service' }))).toBe('FORBIDDEN');
    // The export tooling sees where delivery stands, not the texts.
    const asService = await stack.query<{ outboxMessages: { nodes: Array<{ status: string; body: string | null }> } }>(
      'query { outboxMessages(first: 1, filter: { statuses: [SENT] }) { nodes { status body } } }',
      {},
      { role: 'service' },
    );
    expect(asService.data?.outboxMessages.nodes).toEqual([{ status: 'SENT', body: null }]);
    expect(codeOf(asService)).toBe('FORBIDDEN');

    const after = await outbox(stack, { status: 'SENT' });
    expect(after.find((m) => m.id === sent.id)).toEqual(sent);
  });
});

describe('mail written as .eml files when no SMTP server is configured (veloraqenvi)', () => {
  let stack: Stack;
  let restoreEnv: () => void;
  beforeAll(async () => {
    restoreEnv = setEnv(ENV);
    stack = await startStack({ subjects: 12, policy: POLICIES.veloraqenvi });
  });
  afterAll(async () => {
    await stack.stop();
    restoreEnv();
  });

  const mailDir = () => path.join(stack.db.sqliteDir, 'mail');
  const readEml = (m: Message) => simpleParser(fs.readFileSync(path.join(mailDir(), `${m.id}.eml`)));

  it('V12: the email-change code is written to the new address; confirmed, the change is done and told there', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.oneEach);
    const res = await rights(stack, 'rectifySubject', { subjectId, changes: { email: 'ana.uno@example.net' } });
    const [pending] = await sentFor(stack, subjectId, res.request!.id, 2).then((all) =>
      all.filter((m) => m.kind === 'EMAIL_CONFIRMATION'),
    );
    expect(pending.providerMessageId).toBe(path.join(mailDir(), `${pending.id}.eml`));
    const mail = await readEml(pending);
    expect(mail.to).toMatchObject({ value: [{ address: 'ana.uno@example.net' }] });
    expect(mail.messageId).toBe(messageIdOf(pending));
    const token = /\n\n([A-Za-z0-9_-]{43})\n\n/.exec(mail.text!)![1];

    const confirmed = await stack.query<{ confirmEmailChange: DsRequest }>(
      'mutation($t: String!) { confirmEmailChange(token: $t) { status } }',
      { t: token },
      { role: 'subject', subjectId },
    );
    expect(confirmed.data?.confirmEmailChange.status).toBe('COMPLETED');
    const messages = await sentFor(stack, subjectId, res.request!.id, 3);
    const completed = messages.find((m) => m.kind === 'REQUEST_COMPLETED')!;
    expect(completed.recipient).toBe('ana.uno@example.net');
    expect((await readEml(completed)).subject).toBe('Votre demande a été traitée');
  });

  it('V15, V26: an erasure is acknowledged with its answer date one month on, and its outcome follows', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.golden);
    const res = await rights(stack, 'eraseSubject', { subjectId });
    expect(res.request?.status).toBe('COMPLETED');
    const messages = await sentFor(stack, subjectId, res.request!.id, 2);
    // Written as files, the messages of an erased subject are delivered and then not kept: no copy
    // of their values outlives the erasure (O12, V19; test/erased-copies.e2e.test.ts). Their words
    // are read from the outbox, as they were sent.
    const received = messages.find((m) => m.kind === 'REQUEST_RECEIVED')!;
    const due = new Date(res.request!.dueAt);
    const receivedAt = new Date(res.request!.receivedAt);
    // One calendar month, whatever the month's length.
    expect(due.getUTCMonth()).toBe((receivedAt.getUTCMonth() + 1) % 12);
    const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(due);
    expect(received.body).toContain(`Nous vous répondrons au plus tard le ${day}.`);
    const completed = messages.find((m) => m.kind === 'REQUEST_COMPLETED')!;
    expect(completed.body).toContain('factures');
    expect(completed.body).toContain('veloraqenvi');
    const files = fs.readdirSync(mailDir());
    expect(files.filter((f) => f.startsWith(received.id) || f.startsWith(completed.id))).toEqual([]);
    // Nothing but whole messages in the folder: one file per message sent.
    expect(files.every((f) => f.endsWith('.eml'))).toBe(true);
  });
});
