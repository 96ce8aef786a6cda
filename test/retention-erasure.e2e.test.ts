import { SUBGRAPH_NAMES } from '../common/config';
import { demoId } from '../common/demo/random';
import { POLICIES } from '../policies';
import { rights, waitForStatus } from './helpers/rights';
import { sweepAndWait } from './helpers/retention';
import { db } from './helpers/snapshot';
import { startStack, type Stack } from './helpers/stack';

/**
 * Acceptance 5: after an erasure and a sweep past every period, no database, the ledger's
 * included, holds anything of the subject's: the population is laid out eleven years back, so
 * that today's sweep is past every period of its records.
 */
describe('erasure then a sweep past every period', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 3, policy: POLICIES.ophelantyra, seedNow: new Date('2015-06-01T00:00:00Z') });
  });
  afterAll(() => stack.stop());

  it('O12: nothing anywhere holds the name, email, phone or anything the subject wrote', async () => {
    const id = demoId('subject', 0);
    const [subject] = await db(stack, 'profile').query<Array<Record<string, string | null>>>(
      'SELECT full_name, email, phone FROM subject WHERE id = ?',
      [id],
    );
    // What they wrote, where no one else wrote the same (the demo draws message texts from a list).
    const written = await db(stack, 'support').query<Array<{ body: string }>>(
      "SELECT m.body FROM support_message m JOIN support_ticket t ON t.id = m.ticket_id WHERE t.subject_id = ? AND m.author = 'SUBJECT' AND m.body NOT IN (SELECT o.body FROM support_message o JOIN support_ticket u ON u.id = o.ticket_id WHERE u.subject_id <> ?)",
      [id, id],
    );
    const message = written[0];
    const [session] = await db(stack, 'sessions').query<Array<{ goals: string }>>(
      'SELECT goals FROM mentoring_session WHERE subject_id = ? AND goals NOT IN (SELECT o.goals FROM mentoring_session o WHERE o.subject_id <> ?)',
      [id, id],
    );
    const newEmail = 'elodie.nouvelle@example.org';
    const values = [subject.full_name, subject.email, subject.phone, message?.body, session?.goals, newEmail].filter(
      (v): v is string => typeof v === 'string' && v.length > 3,
    );
    expect(values.length).toBeGreaterThanOrEqual(4);

    // A rectification that waits for its confirmation (its message names the new address), then the erasure.
    const rectified = await rights(stack, 'rectifySubject', {
      subjectId: id,
      changes: { email: newEmail },
      reason: `for ${subject.full_name}`,
    });
    expect(rectified.request?.awaitingConfirmation).toBe(true);
    const erased = await rights(stack, 'eraseSubject', { subjectId: id, reason: `asked by ${subject.full_name}` });
    await waitForStatus(stack, erased.request!.id, ['COMPLETED']);
    // The outcome is told first (the delivery worker sends it within seconds); the sweep, a day
    // later at the earliest, then finds a sent copy. A message still waiting is never pruned.
    for (let i = 0; i < 150; i += 1) {
      const [pending] = await db(stack, 'requests').query<Array<{ n: number | string }>>(
        "SELECT COUNT(*) AS n FROM outbox_message WHERE status = 'PENDING'",
      );
      if (Number(pending.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    await sweepAndWait(stack, null);

    const found: string[] = [];
    for (const name of SUBGRAPH_NAMES) {
      const ds = db(stack, name);
      for (const meta of ds.entityMetadatas) {
        const rows = await ds.query<unknown[]>(`SELECT * FROM ${meta.tableName}`);
        const text = JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('utf8') : v));
        for (const value of values)
          if (text.includes(value)) found.push(`${name}.${meta.tableName}: ${value.slice(0, 12)}`);
      }
    }
    expect(found).toEqual([]);
    // What the ledger keeps of them is the record of what was asked and done, without the values.
    const kept = await db(stack, 'requests').query<Array<Record<string, unknown>>>(
      'SELECT type, status, reason, details FROM rights_request WHERE subject_id = ?',
      [id],
    );
    expect(kept.map((r) => r.type).sort()).toEqual(['ERASURE', 'RECTIFICATION']);
    expect(kept.every((r) => r.reason === null)).toBe(true);
  });
});
