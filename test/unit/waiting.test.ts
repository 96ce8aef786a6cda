import {
  isStalled,
  legWaitingFor,
  requestWaitingFor,
  type WaitingLeg,
  type WaitingRequest,
} from '../../subgraphs/requests/ledger/waiting';

/** What an open request and each of its legs wait for, and when the watchdog calls one stalled. */

const NOW = new Date('2026-12-03T10:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const SUBJECT = '00000000-0000-4000-8000-000000000001';

const request = (over: Partial<WaitingRequest> = {}): WaitingRequest => ({
  type: 'ERASURE',
  status: 'IN_PROGRESS',
  subjectId: SUBJECT,
  awaitingConfirmation: false,
  confirmationExpiresAt: null,
  dueAt: later(30 * 86_400_000),
  ...over,
});
const leg = (subgraph: string, over: Partial<WaitingLeg> = {}): WaitingLeg => ({
  subgraph,
  status: 'PENDING',
  nextAttemptAt: NOW,
  claimedUntil: null,
  attempts: 0,
  ...over,
});
const four = (over: Record<string, Partial<WaitingLeg>> = {}) =>
  ['profile', 'sessions', 'billing', 'support'].map((s) => leg(s, over[s]));

describe('what a leg waits for', () => {
  it('a due leg nobody holds is queued for the next pass; a failed attempt waits for its retry, until its time', () => {
    const legs = four({ billing: { attempts: 2, nextAttemptAt: later(4000) } });
    expect(legWaitingFor(request(), legs[0], legs, [], NOW)).toEqual({
      reason: 'QUEUED',
      subgraph: 'profile',
      until: null,
    });
    expect(legWaitingFor(request(), legs[2], legs, [], NOW)).toEqual({
      reason: 'RETRY_SCHEDULED',
      subgraph: 'billing',
      until: later(4000),
    });
  });

  it('a claimed leg is running until its lease ends; a lease that ran out is queued again', () => {
    const running = leg('billing', { claimedUntil: later(9000), attempts: 1 });
    const lapsed = leg('billing', { claimedUntil: later(-1), attempts: 1 });
    expect(legWaitingFor(request(), running, [running], [], NOW)?.reason).toBe('ATTEMPT_RUNNING');
    expect(legWaitingFor(request(), lapsed, [lapsed], [], NOW)?.reason).toBe('QUEUED');
  });

  it("a rectification's other legs wait for profile's, which itself waits for its own retry", () => {
    const legs = four({ profile: { attempts: 1, nextAttemptAt: later(2000) } });
    const r = request({ type: 'RECTIFICATION' });
    expect(legWaitingFor(r, legs[0], legs, [], NOW)?.reason).toBe('RETRY_SCHEDULED');
    for (const other of legs.slice(1))
      expect(legWaitingFor(r, other, legs, [], NOW)).toEqual({
        reason: 'EARLIER_LEG',
        subgraph: 'profile',
        until: null,
      });
    // Once profile is done, they are simply due.
    const done = four({ profile: { status: 'DONE' } });
    expect(legWaitingFor(r, done[1], done, [], NOW)?.reason).toBe('QUEUED');
  });

  it("an erasure's leg waits for a hold on the same subject still to be placed in its subgraph; a sweep's for anyone's", () => {
    const legs = four();
    const hold = { subjectId: SUBJECT, subgraph: 'support' };
    const other = { subjectId: '00000000-0000-4000-8000-000000000002', subgraph: 'support' };
    expect(legWaitingFor(request(), legs[3], legs, [hold], NOW)?.reason).toBe('LEGAL_HOLD');
    expect(legWaitingFor(request(), legs[3], legs, [other], NOW)?.reason).toBe('QUEUED');
    expect(legWaitingFor(request(), legs[2], legs, [hold], NOW)?.reason).toBe('QUEUED');
    expect(legWaitingFor(request({ type: 'RETENTION' }), legs[3], legs, [other], NOW)?.reason).toBe('LEGAL_HOLD');
    expect(legWaitingFor(request({ type: 'RESTRICTION' }), legs[3], legs, [hold], NOW)?.reason).toBe('QUEUED');
  });

  it('a failed leg waits for a dpo; a done or cancelled one, and any leg of a closed request, waits for nothing', () => {
    const failed = leg('billing', { status: 'FAILED', attempts: 10 });
    expect(legWaitingFor(request({ status: 'FAILED' }), failed, [failed], [], NOW)?.reason).toBe('DPO_DECISION');
    expect(legWaitingFor(request(), leg('billing', { status: 'DONE' }), [], [], NOW)).toBeNull();
    expect(legWaitingFor(request(), leg('billing', { status: 'CANCELLED' }), [], [], NOW)).toBeNull();
    expect(legWaitingFor(request({ status: 'COMPLETED' }), leg('billing'), [], [], NOW)).toBeNull();
  });
});

describe('what a request waits for', () => {
  it('an email change waits for its code until it expires, then says the code expired', () => {
    const r = request({ type: 'RECTIFICATION', status: 'RECEIVED', awaitingConfirmation: true });
    const valid = { ...r, confirmationExpiresAt: later(72 * 3600_000) };
    expect(requestWaitingFor(valid, four(), [], NOW)).toEqual([
      { reason: 'EMAIL_CONFIRMATION', subgraph: null, until: later(72 * 3600_000) },
    ]);
    const expired = { ...r, confirmationExpiresAt: later(-1000) };
    expect(requestWaitingFor(expired, four(), [], NOW).map((w) => w.reason)).toEqual(['EMAIL_CODE_EXPIRED']);
    // Its legs say the same: none of them can run.
    expect(legWaitingFor(valid, four()[2], four(), [], NOW)?.reason).toBe('EMAIL_CONFIRMATION');
  });

  it('lists each distinct wait of its legs once', () => {
    const legs = four({
      profile: { status: 'DONE' },
      sessions: { status: 'DONE' },
      billing: { attempts: 3, nextAttemptAt: later(8000) },
    });
    expect(requestWaitingFor(request(), legs, [], NOW)).toEqual([
      { reason: 'RETRY_SCHEDULED', subgraph: 'billing', until: later(8000) },
      { reason: 'QUEUED', subgraph: 'support', until: null },
    ]);
  });

  it('a package under review waits for a dpo; an inactivity warning for a sign-in, a minor for a consent, until their date, then for the sweep', () => {
    expect(requestWaitingFor(request({ type: 'ACCESS', status: 'AWAITING_REVIEW' }), [], [], NOW)).toEqual([
      { reason: 'DPO_REVIEW', subgraph: null, until: null },
    ]);
    const due = later(60 * 86_400_000);
    expect(requestWaitingFor(request({ type: 'INACTIVITY', status: 'RECEIVED', dueAt: due }), [], [], NOW)).toEqual([
      { reason: 'SUBJECT_SIGN_IN', subgraph: null, until: due },
    ]);
    expect(requestWaitingFor(request({ type: 'MINOR', status: 'RECEIVED', dueAt: due }), [], [], NOW)[0].reason).toBe(
      'PARENTAL_CONSENT',
    );
    const past = later(-3600_000);
    expect(requestWaitingFor(request({ type: 'INACTIVITY', status: 'RECEIVED', dueAt: past }), [], [], NOW)).toEqual([
      { reason: 'NEXT_SWEEP', subgraph: null, until: later(-3600_000 + 86_400_000) },
    ]);
  });

  it('every open status has a reason; a closed request has none', () => {
    for (const status of ['RECEIVED', 'IN_PROGRESS', 'FAILED', 'AWAITING_REVIEW'] as const)
      expect(requestWaitingFor(request({ status }), [], [], NOW).length).toBeGreaterThan(0);
    for (const status of ['COMPLETED', 'REJECTED'] as const)
      expect(requestWaitingFor(request({ status }), four(), [], NOW)).toEqual([]);
  });
});

describe('stalled', () => {
  const stalled = (r: WaitingRequest, legs: WaitingLeg[]) => isStalled(requestWaitingFor(r, legs, [], NOW), NOW);

  it('a leg retrying, a failed leg, an expired code, a review and a missed sweep are stalled', () => {
    expect(stalled(request(), four({ billing: { attempts: 4, nextAttemptAt: later(5000) } }))).toBe(true);
    expect(stalled(request({ status: 'FAILED' }), four({ billing: { status: 'FAILED' } }))).toBe(true);
    const expired = request({ status: 'RECEIVED', awaitingConfirmation: true, confirmationExpiresAt: later(-1) });
    expect(stalled(expired, four())).toBe(true);
    expect(stalled(request({ type: 'ACCESS', status: 'AWAITING_REVIEW' }), [])).toBe(true);
    const missed = request({ type: 'INACTIVITY', status: 'RECEIVED', dueAt: later(-2 * 86_400_000) });
    expect(stalled(missed, [])).toBe(true);
  });

  it('a request waiting for its subject or a date of the policy, or with an attempt under way, is not', () => {
    const code = request({ status: 'RECEIVED', awaitingConfirmation: true, confirmationExpiresAt: later(1000) });
    expect(stalled(code, four())).toBe(false);
    expect(stalled(request({ type: 'INACTIVITY', status: 'RECEIVED', dueAt: later(1000) }), [])).toBe(false);
    expect(stalled(request({ type: 'MINOR', status: 'RECEIVED', dueAt: later(-1000) }), [])).toBe(false);
    expect(stalled(request(), four({ billing: { claimedUntil: later(3000), attempts: 5 } }))).toBe(false);
  });
});
