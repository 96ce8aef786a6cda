import { demoId } from '../common/demo/random';
import { rights, waitForStatus } from './helpers/rights';
import { db } from './helpers/snapshot';
import { startStack, type As, type Stack } from './helpers/stack';

interface Seen {
  prefs: { programmeNews: boolean; eventInvitations: boolean };
  stored: { programme_news: number | boolean; event_invitations: number | boolean };
  marketing: { granted: boolean; history: Array<{ granted: boolean; source: string }> } | undefined;
}

const SUBJECTS = 12;

describe('one source of truth for marketing consent (O29, O11, V17, V23)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: SUBJECTS });
  });
  afterAll(() => stack.stop());

  const seen = async (id: string): Promise<Seen> => {
    const res = await stack.query<{
      subject: {
        communicationPreferences: Seen['prefs'];
        consents: Array<{ purpose: string } & NonNullable<Seen['marketing']>>;
      };
    }>(
      'query($id: ID!) { subject(id: $id) { communicationPreferences { programmeNews eventInvitations } consents { purpose granted history { granted source } } } }',
      { id },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const [stored] = await db(stack, 'profile').query<Array<Seen['stored']>>(
      'SELECT programme_news, event_invitations FROM communication_preference WHERE subject_id = ?',
      [id],
    );
    const s = res.data!.subject;
    return { prefs: s.communicationPreferences, stored, marketing: s.consents.find((c) => c.purpose === 'MARKETING') };
  };
  const bothOn = async (id: string) => {
    const as: As = { role: 'subject', subjectId: id };
    const res = await rights(
      stack,
      'rectifySubject',
      { subjectId: id, changes: { communicationPreferences: { programmeNews: true, eventInvitations: true } } },
      as,
    );
    expect(res.errors).toBeUndefined();
    await waitForStatus(stack, res.request!.id, ['COMPLETED']);
  };

  it('O29: in the demo data no subject has a marketing preference on without the MARKETING consent in force', async () => {
    let on = 0;
    for (let i = 0; i < SUBJECTS; i++) {
      const s = await seen(demoId('subject', i));
      if (!s.stored) continue;
      if (Boolean(s.stored.programme_news) || Boolean(s.stored.event_invitations)) {
        on++;
        expect([i, s.marketing?.granted]).toEqual([i, true]);
      }
    }
    expect(on).toBeGreaterThan(0);
  });

  it('V23, O29: turning a marketing preference on is a positive action that records a MARKETING consent event', async () => {
    const id = demoId('subject', 1);
    await rights(stack, 'setConsent', { subjectId: id, purpose: 'MARKETING', granted: false });
    expect((await seen(id)).prefs).toEqual({ programmeNews: false, eventInvitations: false });
    await bothOn(id);
    const after = await seen(id);
    expect(after.prefs).toEqual({ programmeNews: true, eventInvitations: true });
    expect(after.marketing?.granted).toBe(true);
    expect(after.marketing?.history.at(-1)).toEqual({ granted: true, source: 'PREFERENCES' });
  });

  it.each([
    ['a consent withdrawal', 'setConsent', { purpose: 'MARKETING', granted: false }, 2],
    ['a restriction of MARKETING', 'restrictProcessing', { scope: 'MARKETING', reason: 'Art. 18(1)(a)' }, 4],
    ['a restriction of ALL', 'restrictProcessing', { scope: 'ALL', reason: 'Art. 18(1)(d)' }, 5],
    ['an objection to MARKETING', 'objectToProcessing', { purpose: 'MARKETING' }, 6],
  ])('O11, V17, O29: %s turns both marketing preferences off, stored and shown', async (_how, mutation, input, n) => {
    const id = demoId('subject', n);
    await bothOn(id);
    const before = (await seen(id)).stored;
    expect([Boolean(before.programme_news), Boolean(before.event_invitations)]).toEqual([true, true]);
    const res = await rights(stack, mutation, { subjectId: id, ...input });
    expect(res.errors).toBeUndefined();
    await waitForStatus(stack, res.request!.id, ['COMPLETED']);
    const after = await seen(id);
    expect(after.prefs).toEqual({ programmeNews: false, eventInvitations: false });
    expect([Boolean(after.stored.programme_news), Boolean(after.stored.event_invitations)]).toEqual([false, false]);
  });

  it('V23: turning both preferences off withdraws the MARKETING consent, as easily as it was given', async () => {
    const id = demoId('subject', 7);
    await bothOn(id);
    const res = await rights(
      stack,
      'rectifySubject',
      { subjectId: id, changes: { communicationPreferences: { programmeNews: false, eventInvitations: false } } },
      { role: 'subject', subjectId: id },
    );
    await waitForStatus(stack, res.request!.id, ['COMPLETED']);
    const after = await seen(id);
    expect(after.marketing?.granted).toBe(false);
    expect(after.marketing?.history.at(-1)).toEqual({ granted: false, source: 'PREFERENCES' });
  });
});
