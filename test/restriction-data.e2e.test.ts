import type { ParsedMail } from 'mailparser';
import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { setEnv } from './helpers/env';
import { rights, waitForStatus, type DsRequest } from './helpers/rights';
import { eventually, TestInbox } from './helpers/smtp';
import { startStack, type As, type Stack } from './helpers/stack';

/**
 * Restriction of contested data and objections under examination (issue 17): V13, V43, O36, V46.
 * Through the real gateway and subgraphs, on SQLite or MariaDB (DB=mysql), the subject told at a
 * real SMTP server.
 */

const EVERY_LIST = [
  'MARKETING',
  'EMPLOYER_REPORTING',
  'RESEARCH',
  'ANALYTICS',
  'PERSONALISED_RECOMMENDATIONS',
  'SECURITY',
  'FRAUD_PREVENTION',
];

interface Seen {
  fullName: string | null;
  email: string | null;
  phone: string | null;
  supportTickets: Array<{ id: string }> | null;
  processingRestrictions: Array<{ kind: string; scope: string; categories: string[] | null; liftedAt: string | null }>;
}
const SEEN = 'fullName email phone supportTickets { id } processingRestrictions { kind scope categories liftedAt }';

interface Decided extends DsRequest {
  objectionDecision: string | null;
  decisionReasons: string | null;
  categories: string[] | null;
  ground: string | null;
  waitingFor: Array<{ reason: string }>;
}
const DECIDED = 'id type status purpose objectionDecision decisionReasons categories ground waitingFor { reason }';

describe('restriction of contested data, objections under examination', () => {
  const inbox = new TestInbox();
  let stack: Stack;
  let restoreEnv: () => void;

  beforeAll(async () => {
    await inbox.start();
    restoreEnv = setEnv({ SMTP_URL: inbox.url, MAIL_WORKER_INTERVAL_MS: '100' });
    stack = await startStack({ subjects: 14 });
  });
  afterAll(async () => {
    await stack?.stop();
    await inbox.stop();
    restoreEnv();
  });

  const audience = async (purpose: string): Promise<string[]> => {
    const res = await stack.query<{ processingAudience: string[] }>(
      'query($p: ConsentPurpose!) { processingAudience(purpose: $p, limit: 1000) }',
      { p: purpose },
      { role: 'service' },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.processingAudience;
  };
  const listsWith = async (id: string): Promise<string[]> => {
    const lists: string[] = [];
    for (const purpose of EVERY_LIST) if ((await audience(purpose)).includes(id)) lists.push(purpose);
    return lists;
  };
  const seen = async (id: string, as?: As) => {
    const res = await stack.query<{ subject: Seen }>(`query($id: ID!) { subject(id: $id) { ${SEEN} } }`, { id }, as);
    return res;
  };
  const request = async (id: string): Promise<Decided> => {
    const res = await stack.query<{ dataSubjectRequest: Decided }>(
      `query($id: ID!) { dataSubjectRequest(id: $id) { ${DECIDED} } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.dataSubjectRequest;
  };
  const decide = (requestId: string, decision: string, reasons: string, as?: As) =>
    stack.query<{ decideObjection: Decided }>(
      `mutation($id: ID!, $d: ObjectionDecision!, $r: String!) { decideObjection(requestId: $id, decision: $d, reasons: $r) { ${DECIDED} } }`,
      { id: requestId, d: decision, r: reasons },
      as,
    );
  const contact = async (id: string): Promise<{ email: string; locale: string }> => {
    const res = await stack.query<{ subject: { email: string; locale: string } }>(
      'query($id: ID!) { subject(id: $id) { email locale } }',
      { id },
    );
    return res.data!.subject;
  };
  /** The mails of one request that reached the subject's address, once there are `count`. */
  const mailsOf = (to: string, requestId: string, count: number): Promise<ParsedMail[]> =>
    eventually(() => {
      const mine = inbox.to(to).filter((m) => (m.text ?? '').includes(requestId));
      return mine.length >= count ? mine : undefined;
    }, `${count} mails of ${requestId}`);

  it("V13, V43: a contested category stays in the subject's export and is hidden from support staff until the restriction is lifted", async () => {
    const id = demoId('subject', FEATURED_INDEX.oneEach);
    const before = await seen(id);
    expect(before.errors).toBeUndefined();
    const held = before.data!.subject;
    expect(held.email).toEqual(expect.any(String));
    expect(held.supportTickets!.length).toBeGreaterThan(0);
    const lists = await listsWith(id);
    expect(lists).toEqual(expect.arrayContaining(['SECURITY', 'FRAUD_PREVENTION']));

    const restricted = await rights(stack, 'restrictProcessing', {
      subjectId: id,
      scope: 'ANALYTICS',
      reason: 'The subject contests the accuracy of their contact details and the legal basis of support analytics',
      categories: ['SUPPORT', 'CONTACT', 'CONTACT'],
      ground: 'LEGAL_BASIS_CONTESTED',
    });
    expect(restricted.errors).toBeUndefined();
    expect(restricted.request!.status).toBe('COMPLETED');
    const recorded = await request(restricted.request!.id);
    expect([recorded.categories, recorded.ground]).toEqual([['CONTACT', 'SUPPORT'], 'LEGAL_BASIS_CONTESTED']);

    // Support: the contested categories read null, the rest as before, the restriction says why.
    const support = await seen(id, { role: 'support' });
    expect(support.errors).toBeUndefined();
    expect(support.data!.subject).toEqual({
      fullName: held.fullName,
      email: null,
      phone: null,
      supportTickets: null,
      processingRestrictions: [
        { kind: 'RESTRICTION', scope: 'ANALYTICS', categories: ['CONTACT', 'SUPPORT'], liftedAt: null },
      ],
    });
    // Stored and exported: the dpo and the subject read everything.
    for (const as of [undefined, { role: 'subject' as const, subjectId: id }]) {
      const full = await seen(id, as);
      expect(full.errors).toBeUndefined();
      expect({ ...full.data!.subject, processingRestrictions: [] }).toEqual({ ...held, processingRestrictions: [] });
    }
    // In no processing list while it lasts, whatever its scope.
    expect(await listsWith(id)).toEqual([]);

    const lifted = await rights(stack, 'liftRestriction', { subjectId: id, scope: 'ANALYTICS' });
    expect(lifted.request!.status).toBe('COMPLETED');
    const after = await seen(id, { role: 'support' });
    expect([after.data!.subject.email, after.data!.subject.supportTickets]).toEqual([held.email, held.supportTickets]);
    expect(await listsWith(id)).toEqual(lists);
  });

  it('V13: a contested contact detail also hides the records that carry it (the tickets hold the contact email); other staff data stays', async () => {
    const id = demoId('subject', FEATURED_INDEX.fiftyEach);
    const restricted = await rights(stack, 'restrictProcessing', {
      subjectId: id,
      scope: 'RESEARCH',
      reason: 'Art. 18(1)(a): the subject says the address on their tickets is not theirs',
      categories: ['CONTACT'],
      ground: 'ACCURACY_CONTESTED',
    });
    expect(restricted.request!.status).toBe('COMPLETED');
    const support = await seen(id, { role: 'support' });
    expect(support.errors).toBeUndefined();
    expect(support.data!.subject).toMatchObject({ fullName: expect.any(String), email: null, supportTickets: null });
    const tech = await stack.query<{ subject: { connectionLogs: unknown[] } }>(
      'query($id: ID!) { subject(id: $id) { connectionLogs { startedAt } } }',
      { id },
      { role: 'tech' },
    );
    expect(tech.errors).toBeUndefined();
    expect(tech.data!.subject.connectionLogs.length).toBeGreaterThan(0);
    const dpo = await stack.query<{ subject: { supportTickets: Array<{ contactEmail: string }> } }>(
      'query($id: ID!) { subject(id: $id) { supportTickets { contactEmail } } }',
      { id },
    );
    expect(dpo.data!.subject.supportTickets.every((s) => s.contactEmail.includes('@'))).toBe(true);
    await rights(stack, 'liftRestriction', { subjectId: id, scope: 'RESEARCH' });
    expect((await seen(id, { role: 'support' })).data!.subject.supportTickets!.length).toBeGreaterThan(0);
  });

  it('a restriction of an unknown category is refused, nothing recorded', async () => {
    const id = demoId('subject', FEATURED_INDEX.golden);
    const requestsOf = async () =>
      (
        await stack.query<{ subject: { requests: Array<{ id: string }> } }>(
          'query($id: ID!) { subject(id: $id) { requests { id } } }',
          { id },
        )
      ).data!.subject.requests.length;
    const count = await requestsOf();
    for (const categories of [['CONTACT', 'HOBBIES'], ['ACCOUNT'], []]) {
      const res = await rights(stack, 'restrictProcessing', {
        subjectId: id,
        scope: 'ALL',
        reason: 'Art. 18(1)(a)',
        categories,
      });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.categories' });
      expect(res.errors![0].message).not.toContain('HOBBIES');
    }
    expect(await requestsOf()).toBe(count);
    expect((await seen(id)).data!.subject.processingRestrictions.filter((r) => r.liftedAt === null)).toEqual([]);
  });

  it('O36, V46: an objection to fraud prevention is UNDER_EXAMINATION, restricted meanwhile, then refused with reasons told to the subject', async () => {
    const id = demoId('subject', 10);
    const who = await contact(id);
    expect(await audience('FRAUD_PREVENTION')).toContain(id);

    const objected = await rights(stack, 'objectToProcessing', {
      subjectId: id,
      purpose: 'FRAUD_PREVENTION',
      reason: 'My bank flags every payment I make abroad',
    });
    expect(objected.errors).toBeUndefined();
    const requestId = objected.request!.id;
    await waitForStatus(stack, requestId, ['UNDER_EXAMINATION']);
    const examined = await request(requestId);
    expect(examined).toMatchObject({
      status: 'UNDER_EXAMINATION',
      objectionDecision: null,
      waitingFor: [{ reason: 'DPO_DECISION' }],
    });
    // Restricted meanwhile.
    expect(await audience('FRAUD_PREVENTION')).not.toContain(id);
    const [told] = await mailsOf(who.email, requestId, 1);
    // Their language; French, the organisation's, for any other.
    const fr = !who.locale.toLowerCase().startsWith('en');
    expect(told.subject).toBe(fr ? 'Votre opposition est en cours d’examen' : 'Your objection is being examined');
    expect(told.text).toContain(fr ? 'prévention de la fraude' : 'fraud prevention');

    const reasons =
      'Payments from this account were disputed twice this year; fraud checks protect the account holder.';
    const refused = await decide(requestId, 'REFUSED', reasons);
    expect(refused.errors).toBeUndefined();
    // The decision's legs run like any request's: done within the call, or soon after by the worker.
    await waitForStatus(stack, requestId, ['COMPLETED']);
    expect(await request(requestId)).toMatchObject({
      status: 'COMPLETED',
      objectionDecision: 'REFUSED',
      decisionReasons: reasons,
      waitingFor: [],
    });
    // The restriction is lifted: the processing includes the subject again.
    expect(await audience('FRAUD_PREVENTION')).toContain(id);
    const mails = await mailsOf(who.email, requestId, 2);
    const decided = mails.find((m) => m.subject !== told.subject)!;
    expect(decided.subject).toBe(fr ? 'Votre opposition n’est pas retenue' : 'Your objection is not upheld');
    expect(decided.text).toContain(reasons);
    expect(decided.text).toContain(fr ? "l'autorité de contrôle" : 'supervisory authority');
  });

  it('V46: an upheld objection stops the processing', async () => {
    const id = (await audience('ANALYTICS')).at(-1)!;
    expect(id).toBeDefined();
    const who = await contact(id);
    const objected = await rights(stack, 'objectToProcessing', { subjectId: id, purpose: 'ANALYTICS' });
    const requestId = objected.request!.id;
    await waitForStatus(stack, requestId, ['UNDER_EXAMINATION']);

    const reasons = 'No compelling ground outweighs the situation you describe.';
    const upheld = await decide(requestId, 'UPHELD', reasons);
    expect(upheld.errors).toBeUndefined();
    await waitForStatus(stack, requestId, ['COMPLETED']);
    expect(await request(requestId)).toMatchObject({ status: 'COMPLETED', objectionDecision: 'UPHELD' });
    expect(await audience('ANALYTICS')).not.toContain(id);
    const restrictions = (await seen(id)).data!.subject.processingRestrictions;
    expect(restrictions).toEqual([{ kind: 'OBJECTION', scope: 'ANALYTICS', categories: null, liftedAt: null }]);
    // The other processing goes on.
    expect(await audience('FRAUD_PREVENTION')).toContain(id);
    const mails = await mailsOf(who.email, requestId, 2);
    // Their language; French, the organisation's, for any other.
    const fr = !who.locale.toLowerCase().startsWith('en');
    const decided = mails.find(
      (m) => m.subject === (fr ? 'Votre opposition est acceptée' : 'Your objection is upheld'),
    );
    expect(decided?.text).toContain(reasons);
  });

  it('O36: an objection to direct marketing takes effect at once, without examination', async () => {
    const [id] = await audience('MARKETING');
    expect(id).toBeDefined();
    const objected = await rights(stack, 'objectToProcessing', { subjectId: id, purpose: 'MARKETING' });
    expect(objected.request!.status).toBe('COMPLETED');
    expect((await request(objected.request!.id)).objectionDecision).toBeNull();
    expect(await audience('MARKETING')).not.toContain(id);
  });

  it('deciding an objection: twice, a request that is not an objection under examination, a non-dpo, no reasons, unknown', async () => {
    const id = demoId('subject', 12);
    const objected = await rights(stack, 'objectToProcessing', { subjectId: id, purpose: 'SECURITY' });
    const requestId = objected.request!.id;
    await waitForStatus(stack, requestId, ['UNDER_EXAMINATION']);
    const codeOf = (res: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
      res.errors?.[0]?.extensions?.code;

    for (const as of [{ role: 'support' as const }, { role: 'subject' as const, subjectId: id }]) {
      const res = await decide(requestId, 'UPHELD', 'I decide', as);
      expect([as.role, codeOf(res)]).toEqual([as.role, 'FORBIDDEN']);
    }
    expect(codeOf(await decide(requestId, 'UPHELD', '   '))).toBe('BAD_USER_INPUT');
    expect((await request(requestId)).status).toBe('UNDER_EXAMINATION');

    // A restriction, and an objection that took effect at once: nothing to decide.
    const restriction = await rights(stack, 'restrictProcessing', { subjectId: id, scope: 'RESEARCH', reason: 'a' });
    const marketing = await rights(stack, 'objectToProcessing', { subjectId: id, purpose: 'MARKETING' });
    for (const other of [restriction.request!, marketing.request!]) {
      const res = await decide(other.id, 'REFUSED', 'Compelling grounds');
      expect([other.type, codeOf(res)]).toEqual([other.type, 'BAD_USER_INPUT']);
      expect((await request(other.id)).status).toBe('COMPLETED');
    }
    expect(codeOf(await decide('00000000-0000-4000-8000-000000000000', 'UPHELD', 'Reasons'))).toBe('NOT_FOUND');

    expect((await decide(requestId, 'UPHELD', 'No compelling grounds')).errors).toBeUndefined();
    await waitForStatus(stack, requestId, ['COMPLETED']);
    const twice = await decide(requestId, 'REFUSED', 'Changed my mind');
    expect(codeOf(twice)).toBe('REQUEST_CLOSED');
    expect(await request(requestId)).toMatchObject({
      status: 'COMPLETED',
      objectionDecision: 'UPHELD',
      decisionReasons: 'No compelling grounds',
    });
    expect(await audience('SECURITY')).not.toContain(id);
  });
});
