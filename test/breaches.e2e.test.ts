import { demoId } from '../common/demo/random';
import { openPackage, unzip, type Obj } from './helpers/access-package';
import { setEnv } from './helpers/env';
import { waitForStatus } from './helpers/rights';
import { addressesOf, eventually, TestInbox } from './helpers/smtp';
import { startStack, type As, type Stack } from './helpers/stack';

const VALID = {
  reference: 'INC-2026-031',
  circumstances: 'Le 2 décembre, un export de la base de facturation a été laissé accessible pendant six heures.',
  consequences: 'Un tiers a pu lire votre nom, votre adresse postale et vos factures.',
  measures: 'L’accès a été fermé, les journaux analysés et la CNIL notifiée dans les 72 heures.',
  advice: 'Méfiez-vous des courriels qui citent vos factures et demandent un paiement.',
  categories: ['IDENTITY', 'BILLING'],
};

describe('a breach told to the subjects it affects (O32, V38): what happened, what it may cause, what was done, recorded', () => {
  const inbox = new TestInbox();
  let stack: Stack;
  let restoreEnv: () => void;
  beforeAll(async () => {
    await inbox.start();
    restoreEnv = setEnv({ SMTP_URL: inbox.url, MAIL_WORKER_INTERVAL_MS: '100', RETENTION_SCHEDULE: 'off' });
    stack = await startStack({ subjects: 12 });
  });
  afterAll(async () => {
    await stack.stop();
    await inbox.stop();
    restoreEnv();
  });

  const notify = (input: Record<string, unknown>, as?: As) =>
    stack.query<{ notifyBreach: { id: string; type: string; status: string } }>(
      'mutation($input: NotifyBreachInput!) { notifyBreach(input: $input) { id type status } }',
      { input },
      as,
    );
  const ledgerCount = async () => {
    const res = await stack.query<{ dataSubjectRequests: { totalCount: number } }>(
      'query { dataSubjectRequests(filter: { types: [BREACH_NOTICE] }) { totalCount } }',
      {},
    );
    return res.data!.dataSubjectRequests.totalCount;
  };

  it('O32, V38: each subject affected gets the circumstances, the categories in words, the consequences, the measures and what to do, at their address; the notification is recorded', async () => {
    const affected = [demoId('subject', 4), demoId('subject', 5)];
    const ids: string[] = [];
    for (const subjectId of affected) {
      const res = await notify({ ...VALID, subjectId });
      expect(res.errors).toBeUndefined();
      expect(res.data!.notifyBreach.type).toBe('BREACH_NOTICE');
      ids.push((await waitForStatus(stack, res.data!.notifyBreach.id, ['COMPLETED'])).id);
    }
    for (const [i, subjectId] of affected.entries()) {
      const profile = await stack.query<{ subject: { email: string } }>(
        'query($id: ID!) { subject(id: $id) { email } }',
        {
          id: subjectId,
        },
      );
      const mail = await eventually(
        () => inbox.messages.find((m) => m.text?.includes(`Référence : ${ids[i]}`)),
        'the breach message',
      );
      expect(addressesOf(mail)).toEqual([profile.data!.subject.email.toLowerCase()]);
      expect(mail.subject).toBe('Violation de données vous concernant');
      for (const said of [VALID.circumstances, VALID.consequences, VALID.measures, VALID.advice, 'INC-2026-031'])
        expect(mail.text).toContain(said);
      // The categories in words, never their codes; the right to complain.
      expect(mail.text).toContain('Vos données concernées :');
      expect(mail.text).not.toMatch(/\bIDENTITY\b|\bBILLING\b/);
      expect(mail.text).toContain('CNIL');
    }
    // Recorded: who sent it and when, in the audit trail of each request.
    const audit = await stack.query<{ auditEvents: { nodes: Array<{ action: string; actor: string }> } }>(
      'query($r: ID) { auditEvents(filter: { requestId: $r }) { nodes { action actor } } }',
      { r: ids[0] },
    );
    expect(audit.data!.auditEvents.nodes.map((e) => e.action)).toEqual(
      expect.arrayContaining(['RECEIVED', 'REQUEST_COMPLETED']),
    );
  });

  it('O32, V38: the subject finds the notification in their package; the same incident asked again for them records nothing new', async () => {
    const subjectId = demoId('subject', 6);
    const first = await notify({ ...VALID, subjectId });
    await waitForStatus(stack, first.data!.notifyBreach.id, ['COMPLETED']);
    const before = await ledgerCount();
    const again = await notify({ ...VALID, subjectId });
    expect(again.data!.notifyBreach.id).toBe(first.data!.notifyBreach.id);
    expect(await ledgerCount()).toBe(before);

    const asSubject: As = { role: 'subject', subjectId };
    const res = await stack.query<{ requestExport: { id: string } }>(
      'mutation($input: RequestExportInput!) { requestExport(input: $input) { id } }',
      { input: { subjectId } },
      asSubject,
    );
    await waitForStatus(stack, res.data!.requestExport.id, ['COMPLETED']);
    const token = await stack.token({ roles: ['subject'], subjectId });
    const got = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/packages/${res.data!.requestExport.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = Buffer.from(await got.arrayBuffer());
    const records = JSON.parse(
      openPackage(body, await unzip(body))
        .files.get('records.json')!
        .toString('utf8'),
    ) as Obj;
    expect(records.breachNotices).toEqual([
      {
        at: expect.any(String),
        reference: VALID.reference,
        circumstances: VALID.circumstances,
        consequences: VALID.consequences,
        measures: VALID.measures,
        advice: VALID.advice,
        categories: ['BILLING', 'IDENTITY'],
      },
    ]);
  });

  it('O32, V38: a notification without what the subject must be told, of an unknown category, for an unknown subject or by anyone but a dpo is refused and records nothing', async () => {
    const subjectId = demoId('subject', 7);
    const before = await ledgerCount();
    const refused: Array<[Record<string, unknown>, As | undefined, string]> = [
      [{ ...VALID, subjectId, circumstances: '  ' }, undefined, 'BAD_USER_INPUT'],
      [{ ...VALID, subjectId, advice: '' }, undefined, 'BAD_USER_INPUT'],
      [{ ...VALID, subjectId, categories: [] }, undefined, 'BAD_USER_INPUT'],
      [{ ...VALID, subjectId, categories: ['PASSWORDS'] }, undefined, 'BAD_USER_INPUT'],
      [{ ...VALID, subjectId: 'not-an-id' }, undefined, 'BAD_USER_INPUT'],
      [{ ...VALID, subjectId: '00000000-0000-4000-8000-00000000abcd' }, undefined, 'NOT_FOUND'],
      [{ ...VALID, subjectId }, { role: 'support' }, 'FORBIDDEN'],
      [{ ...VALID, subjectId }, { role: 'subject', subjectId }, 'FORBIDDEN'],
    ];
    for (const [input, as, code] of refused) {
      const res = await notify(input, as);
      expect([input, res.errors?.[0].extensions?.code]).toEqual([input, code]);
    }
    expect(await ledgerCount()).toBe(before);
  });
});
