import { isoDate } from '../common/duration';
import { POLICIES } from '../policies';
import { rights, waitForStatus } from './helpers/rights';
import { db } from './helpers/snapshot';
import { startStack, type GraphQLResponse, type Stack } from './helpers/stack';

interface Seen {
  subject: {
    id: string;
    fullName: string | null;
    mentoringSessions: Array<{ id: string; mentorId: string; notes: string | null }> | null;
    mentorAssignments: Array<{ id: string; mentorId: string }> | null;
    documents: Array<{ id: string; sessionId: string | null }> | null;
  } | null;
}

const QUERY = `query($id: ID!) { subject(id: $id) { id fullName mentoringSessions { id mentorId notes }
  mentorAssignments { id mentorId } documents { id sessionId } } }`;

const asMentor = (stack: Stack, mentorId: string, subjectId: string): Promise<GraphQLResponse<Seen>> =>
  stack.query<Seen>(QUERY, { id: subjectId }, { role: 'mentor', mentorId });

const codes = (res: GraphQLResponse<unknown>) => (res.errors ?? []).map((e) => e.extensions?.code);

const EARLIER_NOTE = 'Note privée du mentor précédent : situation familiale délicate';

describe('mentors see only their own assignment, and nothing of a closed account (ophelantyra)', () => {
  let stack: Stack;
  let subjectId: string;
  let current: string;
  let earlier: string;
  let earlierSession: string;
  let earlierDocument: string;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12, policy: POLICIES.ophelantyra });
    const sessions = db(stack, 'sessions');
    // A mentee with an assignment in force and an earlier one with another mentor.
    const rows = await sessions.query<Array<{ subject_id: string; mentor_id: string; ends_on: string | null }>>(
      'SELECT subject_id, mentor_id, ends_on FROM mentor_assignment ORDER BY subject_id, starts_on',
    );
    const today = isoDate(new Date());
    const counts = await sessions.query<Array<{ subject_id: string; n: number | string }>>(
      'SELECT subject_id, COUNT(*) AS n FROM mentoring_session GROUP BY subject_id',
    );
    const held = new Map(counts.map((c) => [c.subject_id, Number(c.n)]));
    const pick = [...new Set(rows.map((r) => r.subject_id))].find((id) => {
      const mine = rows.filter((r) => r.subject_id === id);
      const last = mine.at(-1)!;
      const inForce = last.ends_on === null || String(last.ends_on) >= today;
      return (held.get(id) ?? 0) >= 2 && inForce && mine.some((r) => r.mentor_id !== last.mentor_id);
    });
    if (!pick) throw new Error('no mentee with two mentors in the demo');
    subjectId = pick;
    const mine = rows.filter((r) => r.subject_id === pick);
    current = mine.at(-1)!.mentor_id;
    earlier = mine.find((r) => r.mentor_id !== current)!.mentor_id;
    // The first session was held by the earlier mentor, with a private note, and a document prepared it.
    const [first] = await sessions.query<Array<{ id: string }>>(
      'SELECT id FROM mentoring_session WHERE subject_id = ? ORDER BY scheduled_at LIMIT 1',
      [subjectId],
    );
    earlierSession = first.id;
    await sessions.query('UPDATE mentoring_session SET mentor_id = ?, notes = ? WHERE id = ?', [
      earlier,
      EARLIER_NOTE,
      earlierSession,
    ]);
    const [doc] = await sessions.query<Array<{ id: string }>>(
      'SELECT id FROM shared_document WHERE subject_id = ? ORDER BY id LIMIT 1',
      [subjectId],
    );
    earlierDocument = doc.id;
    await sessions.query('UPDATE shared_document SET session_id = ? WHERE id = ?', [earlierSession, earlierDocument]);
  });
  afterAll(() => stack.stop());

  it("O2, O5: the mentor sees the sessions and documents of their own assignment, not an earlier mentor's notes", async () => {
    const all = await stack.query<Seen>(QUERY, { id: subjectId });
    expect(all.data!.subject!.mentoringSessions!.map((s) => s.id)).toContain(earlierSession);

    const res = await asMentor(stack, current, subjectId);
    expect(res.errors).toBeUndefined();
    const seen = res.data!.subject!;
    expect(seen.fullName).not.toBeNull();
    expect(seen.mentoringSessions!.length).toBeGreaterThan(0);
    expect(seen.mentoringSessions!.every((s) => s.mentorId === current)).toBe(true);
    expect(seen.mentoringSessions!.map((s) => s.id)).not.toContain(earlierSession);
    expect(seen.mentorAssignments!.every((a) => a.mentorId === current)).toBe(true);
    expect(seen.documents!.map((d) => d.id)).not.toContain(earlierDocument);
    expect(JSON.stringify(res)).not.toContain(EARLIER_NOTE);
    // The documents they see are theirs: of their sessions, or shared while they were assigned.
    const mineSessions = new Set(seen.mentoringSessions!.map((s) => s.id));
    expect(seen.documents!.every((d) => d.sessionId === null || mineSessions.has(d.sessionId))).toBe(true);

    // The earlier mentor's assignment has ended: nothing at all.
    const before = await asMentor(stack, earlier, subjectId);
    expect(before.data?.subject ?? null).toBeNull();
    expect(codes(before)).toContain('FORBIDDEN');
  });

  it('O5: from the closure (not the erasure, thirty days later) the mentor sees nothing of the account', async () => {
    const res = await rights(stack, 'closeAccount', { subjectId, reason: 'fin du programme' });
    expect(res.errors).toBeUndefined();
    await waitForStatus(stack, res.request!.id, ['COMPLETED']);
    // Still held (the erasure comes later)...
    const [{ n }] = await db(stack, 'sessions').query<Array<{ n: number | string }>>(
      'SELECT COUNT(*) AS n FROM mentoring_session WHERE subject_id = ?',
      [subjectId],
    );
    expect(Number(n)).toBeGreaterThan(0);
    // ...but not to the mentor.
    const after = await asMentor(stack, current, subjectId);
    expect(after.data?.subject ?? null).toBeNull();
    expect(codes(after)).toContain('FORBIDDEN');
    expect(JSON.stringify(after)).not.toContain('goals');
  });
});
