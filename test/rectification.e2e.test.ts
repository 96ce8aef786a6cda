import { demoId } from '../common/demo/random';
import { RightsRequestEntity } from '../subgraphs/requests/ledger/entities/rights-request.entity';
import { rights, waitForStatus } from './helpers/rights';
import { startStack, type Stack } from './helpers/stack';

/** What the subject gave beyond name and contact, as the gateway shows it to them. */
interface Provided {
  professional: { sector: string; companySize: string; jobTitle: string; yearsOfExperience: number } | null;
  financialSituation: {
    incomeBand: string;
    householdSize: number;
    monthlyBudgetCents: number | null;
    savingsGoal: string | null;
    debtSituation: string | null;
    sharedAt: string;
  } | null;
  communicationPreferences: {
    preferredChannel: string;
    sessionReminders: boolean;
    programmeNews: boolean;
    eventInvitations: boolean;
  } | null;
  billingAccount: { addressLine: string; postalCode: string; city: string; country: string } | null;
}

const PROVIDED = `professional { sector companySize jobTitle yearsOfExperience }
  financialSituation { incomeBand householdSize monthlyBudgetCents savingsGoal debtSituation sharedAt }
  communicationPreferences { preferredChannel sessionReminders programmeNews eventInvitations }
  billingAccount { addressLine postalCode city country }`;

describe('self-service rectification of what the subject provided (Art. 16)', () => {
  let stack: Stack;
  let population: Array<Provided & { id: string }>;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
    const res = await stack.query<{ subjects: Array<Provided & { id: string }> }>(
      `query($ids: [ID!]!) { subjects(ids: $ids) { id ${PROVIDED} } }`,
      { ids: Array.from({ length: 12 }, (_, i) => demoId('subject', i)) },
    );
    expect(res.errors).toBeUndefined();
    population = res.data!.subjects;
  });
  afterAll(() => stack.stop());

  const self = (subjectId: string) => ({ role: 'subject' as const, subjectId });
  const provided = async (id: string, as?: ReturnType<typeof self>): Promise<Provided> => {
    const res = await stack.query<{ subject: Provided }>(
      `query($id: ID!) { subject(id: $id) { ${PROVIDED} } }`,
      { id },
      as,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.subject;
  };
  /** A subject of the population that holds (or lacks) a record; each test takes a different one. */
  const taken = new Set<string>();
  const subjectWhere = (test: (s: Provided) => boolean): string => {
    const found = population.find((s) => !taken.has(s.id) && test(s));
    if (!found) throw new Error('the demo population has no such subject');
    taken.add(found.id);
    return found.id;
  };
  const requestCount = () => stack.subgraphs.requests.server.db.dataSource.getRepository(RightsRequestEntity).count();

  it('O10: the subject corrects their own function and experience directly, and the rest of the context stays', async () => {
    const id = subjectWhere((s) => s.professional !== null);
    const before = await provided(id);
    const res = await rights(
      stack,
      'rectifySubject',
      { subjectId: id, changes: { professional: { jobTitle: '  Directrice générale ', yearsOfExperience: 12 } } },
      self(id),
    );
    expect(res.errors).toBeUndefined();
    expect(res.request).toMatchObject({ status: 'COMPLETED', changedFields: ['professional'] });
    const profileLeg = res.request!.legs.find((l) => l.subgraph === 'profile');
    expect(profileLeg?.receipt?.entities).toEqual([
      expect.objectContaining({ entity: 'ProfessionalContext', updated: 1 }),
    ]);
    // Art. 19: the mentor saw the context.
    expect(res.request!.recipientsToNotify).toContain('MENTOR');
    const after = await provided(id);
    expect(after.professional).toEqual({
      ...before.professional,
      jobTitle: 'Directrice générale',
      yearsOfExperience: 12,
    });
    expect({ ...after, professional: null }).toEqual({ ...before, professional: null });
  });

  it('V1: the subject controls the detail of their financial situation: withdraws details, corrects others', async () => {
    const id = subjectWhere((s) => s.financialSituation !== null);
    const before = await provided(id);
    const res = await rights(
      stack,
      'rectifySubject',
      {
        subjectId: id,
        changes: {
          financialSituation: {
            incomeBand: '1 500-2 500 €',
            monthlyBudgetCents: 180_000,
            withdraw: ['SAVINGS_GOAL', 'DEBT_SITUATION'],
          },
        },
      },
      self(id),
    );
    expect(res.errors).toBeUndefined();
    expect(res.request).toMatchObject({ status: 'COMPLETED', changedFields: ['financialSituation'] });
    const after = (await provided(id)).financialSituation!;
    expect(after).toMatchObject({
      incomeBand: '1 500-2 500 €',
      householdSize: before.financialSituation!.householdSize,
      monthlyBudgetCents: 180_000,
      savingsGoal: null,
      debtSituation: null,
    });
    // When it was shared is when the subject last chose what to share.
    expect(new Date(after.sharedAt).getTime()).toBeGreaterThan(new Date(before.financialSituation!.sharedAt).getTime());
  });

  it('O8, V12: communication preferences are rectified, and a context is added where none was held when given whole; the subject sees both', async () => {
    const id = subjectWhere((s) => s.professional === null && s.communicationPreferences !== null);
    const res = await rights(
      stack,
      'rectifySubject',
      {
        subjectId: id,
        changes: {
          communicationPreferences: { preferredChannel: 'SMS', programmeNews: false, eventInvitations: true },
          professional: { sector: 'Numérique', companySize: '10-49', jobTitle: 'Développeuse', yearsOfExperience: 3 },
        },
      },
      self(id),
    );
    expect(res.errors).toBeUndefined();
    expect(res.request).toMatchObject({
      status: 'COMPLETED',
      changedFields: ['professional', 'communicationPreferences'],
    });
    // Read back with the subject's own token (self-service), as the subject would check.
    const after = await provided(id, self(id));
    expect(after.communicationPreferences).toMatchObject({
      preferredChannel: 'SMS',
      programmeNews: false,
      eventInvitations: true,
    });
    expect(after.professional).toEqual({
      sector: 'Numérique',
      companySize: '10-49',
      jobTitle: 'Développeuse',
      yearsOfExperience: 3,
    });
  });

  it('V12: a part of a context the subject never gave is refused by the profile, and no copy changes', async () => {
    const id = subjectWhere((s) => s.professional === null && s.billingAccount !== null);
    const before = await provided(id);
    const res = await rights(stack, 'rectifySubject', {
      subjectId: id,
      changes: { professional: { jobTitle: 'Gérante' }, communicationPreferences: { preferredChannel: 'PHONE' } },
    });
    expect(res.errors).toBeUndefined();
    const done = await waitForStatus(stack, res.request!.id, ['FAILED']);
    const profile = done.legs.find((l) => l.subgraph === 'profile')!;
    expect(profile.status).toBe('FAILED');
    expect(profile.lastError).toContain('give sector, companySize, jobTitle and yearsOfExperience');
    expect(profile.lastError).not.toContain('Gérante');
    // Profile goes first and its transaction is rolled back whole: the preferences did not change either.
    expect(await provided(id)).toEqual(before);
  });

  it('V12: a billing address changes only with the reference of a supporting document, then on the account', async () => {
    const id = subjectWhere((s) => s.billingAccount !== null);
    const before = await provided(id);
    const address = { addressLine: '12 rue des Tanneurs', postalCode: '21000', city: 'Dijon', country: 'fr' };
    const requestsBefore = await requestCount();
    const refused = await rights(
      stack,
      'rectifySubject',
      { subjectId: id, changes: { billingAddress: address } },
      self(id),
    );
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'input.changes.evidenceRef' },
    });
    expect(refused.errors?.[0].message).toContain('supporting document');
    expect(await requestCount()).toBe(requestsBefore);
    expect(await provided(id)).toEqual(before);

    const res = await rights(
      stack,
      'rectifySubject',
      { subjectId: id, changes: { billingAddress: address, evidenceRef: 'justificatif-2026-118' } },
      self(id),
    );
    expect(res.errors).toBeUndefined();
    expect(res.request).toMatchObject({ status: 'COMPLETED', changedFields: ['billingAddress'] });
    expect((await provided(id)).billingAccount).toEqual({ ...address, country: 'FR' });
  });

  const BAD: Array<[string, Record<string, unknown>, string]> = [
    ['an empty group', { professional: {} }, 'input.changes.professional'],
    [
      'a negative experience',
      { professional: { yearsOfExperience: -1 } },
      'input.changes.professional.yearsOfExperience',
    ],
    [
      'an unknown company size',
      { professional: { companySize: 'huge-secret' } },
      'input.changes.professional.companySize',
    ],
    [
      'a job title of 161 characters',
      { professional: { jobTitle: 'x'.repeat(161) } },
      'input.changes.professional.jobTitle',
    ],
    ['a control character', { professional: { sector: 'Conseil\u0000secret' } }, 'input.changes.professional.sector'],
    [
      'a household of 0',
      { financialSituation: { householdSize: 0 } },
      'input.changes.financialSituation.householdSize',
    ],
    [
      'a detail both withdrawn and set',
      { financialSituation: { savingsGoal: 'secret goal', withdraw: ['SAVINGS_GOAL'] } },
      'input.changes.financialSituation.withdraw',
    ],
    [
      'an unknown channel',
      { communicationPreferences: { preferredChannel: 'PIGEON-secret' } },
      'input.changes.communicationPreferences.preferredChannel',
    ],
    [
      'a country that is no code',
      {
        billingAddress: { addressLine: '1 rue', postalCode: '21000', city: 'Dijon', country: 'secret' },
        evidenceRef: 'doc-1',
      },
      'input.changes.billingAddress.country',
    ],
    ['a document reference without an address', { evidenceRef: 'doc-secret' }, 'input.changes.evidenceRef'],
  ];

  it.each(BAD)(
    'refuses %s with BAD_USER_INPUT naming the field, records nothing and changes nothing',
    async (_label, changes, argumentName) => {
      const id = demoId('subject', 0);
      const before = await provided(id);
      const requestsBefore = await requestCount();
      const res = await rights(stack, 'rectifySubject', { subjectId: id, changes }, self(id));
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
      // The value is personal data: never repeated.
      expect(res.errors![0].message).not.toMatch(/secret|xxxxxxxx/);
      expect(await requestCount()).toBe(requestsBefore);
      expect(await provided(id)).toEqual(before);
    },
  );
});
