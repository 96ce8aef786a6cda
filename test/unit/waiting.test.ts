import {
  isStalled,
  legWaitingFor,
  requestWaitingFor,
  type WaitingLeg,
  type WaitingRequest,
  type WaitRules,
} from '../../subgraphs/requests/ledger/waiting';
import { registeredTypes } from '../helpers/registry';

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
/**
 * The rules as the service registers them, with the legal-hold gate holding `held` (the legs of
 * LEGAL_HOLD requests still to run: whose hold, in which subgraph).
 */
const types = registeredTypes();
type Held = Array<{ subjectId: string; subgraph: string }>;
const rulesFor = (r: WaitingRequest, holds: Held): Promise<WaitRules> =>
  types.waitRules(r.type, () =>
    Promise.resolve((q: WaitingRequest, subgraph: string) =>
      holds.some((h) => h.subgraph === subgraph && (q.type === 'RETENTION' || h.subjectId === q.subjectId)),
    ),
  );
const legWait = async (r: WaitingRequest, l: WaitingLeg, legs: readonly WaitingLeg[], holds: Held = []) =>
  legWaitingFor(r, l, legs, await rulesFor(r, holds), NOW);
const requestWait = async (r: WaitingRequest, legs: readonly WaitingLeg[], holds: Held = []) =>
  requestWaitingFor(r, legs, await rulesFor(r, holds), NOW);
const four = (over: Record<string, Partial<WaitingLeg>> = {}) =>
  ['profile', 'sessions', 'billing', 'support'].map((s) => leg(s, over[s]));

describe('what a leg waits for', () => {
  it('a due leg nobody holds is queued for the next pass; a failed attempt waits for its retry, until its time', async () => {
    const legs = four({ billing: { attempts: 2, nextAttemptAt: later(4000) } });
    expect(await legWait(request(), legs[0], legs)).toEqual({
      reason: 'QUEUED',
      subgraph: 'profile',
      until: null,
    });
    expect(await legWait(request(), legs[2], legs)).toEqual({
      reason: 'RETRY_SCHEDULED',
      subgraph: 'billing',
      until: later(4000),
    });
  });

  it('a claimed leg is running until its lease ends (a retry if it failed before); a lease that ran out is queued again', async () => {
    const running = leg('billing', { claimedUntil: later(9000), attempts: 1 });
    const lapsed = leg('billing', { claimedUntil: later(-1), attempts: 1 });
    expect((await legWait(request(), running, [running]))?.reason).toBe('ATTEMPT_RUNNING');
    const retrying = leg('billing', { claimedUntil: later(9000), attempts: 3 });
    expect((await legWait(request(), retrying, [retrying]))?.reason).toBe('RETRY_RUNNING');
    expect((await legWait(request(), lapsed, [lapsed]))?.reason).toBe('QUEUED');
  });

  it("a rectification's other legs wait for profile's, which itself waits for its own retry", async () => {
    const legs = four({ profile: { attempts: 1, nextAttemptAt: later(2000) } });
    const r = request({ type: 'RECTIFICATION' });
    expect((await legWait(r, legs[0], legs))?.reason).toBe('RETRY_SCHEDULED');
    for (const other of legs.slice(1))
      expect(await legWait(r, other, legs)).toEqual({
        reason: 'EARLIER_LEG',
        subgraph: 'profile',
        until: null,
      });
    // Once profile is done, they are simply due.
    const done = four({ profile: { status: 'DONE' } });
    expect((await legWait(r, done[1], done))?.reason).toBe('QUEUED');
  });

  it("an erasure's leg waits for a hold on the same subject still to be placed in its subgraph; a sweep's for anyone's", async () => {
    const legs = four();
    const hold = { subjectId: SUBJECT, subgraph: 'support' };
    const other = { subjectId: '00000000-0000-4000-8000-000000000002', subgraph: 'support' };
    expect((await legWait(request(), legs[3], legs, [hold]))?.reason).toBe('LEGAL_HOLD');
    expect((await legWait(request(), legs[3], legs, [other]))?.reason).toBe('QUEUED');
    expect((await legWait(request(), legs[2], legs, [hold]))?.reason).toBe('QUEUED');
    expect((await legWait(request({ type: 'RETENTION' }), legs[3], legs, [other]))?.reason).toBe('LEGAL_HOLD');
    expect((await legWait(request({ type: 'RESTRICTION' }), legs[3], legs, [hold]))?.reason).toBe('QUEUED');
  });

  it('a failed leg waits for a dpo; a done or cancelled one, and any leg of a closed request, waits for nothing', async () => {
    const failed = leg('billing', { status: 'FAILED', attempts: 10 });
    expect((await legWait(request({ status: 'FAILED' }), failed, [failed]))?.reason).toBe('DPO_DECISION');
    expect(await legWait(request(), leg('billing', { status: 'DONE' }), [])).toBeNull();
    expect(await legWait(request(), leg('billing', { status: 'CANCELLED' }), [])).toBeNull();
    expect(await legWait(request({ status: 'COMPLETED' }), leg('billing'), [])).toBeNull();
  });
});

describe('what a request waits for', () => {
  it('an email change waits for its code until it expires, then says the code expired', async () => {
    const r = request({ type: 'RECTIFICATION', status: 'RECEIVED', awaitingConfirmation: true });
    const valid = { ...r, confirmationExpiresAt: later(72 * 3600_000) };
    expect(await requestWait(valid, four())).toEqual([
      { reason: 'EMAIL_CONFIRMATION', subgraph: null, until: later(72 * 3600_000) },
    ]);
    const expired = { ...r, confirmationExpiresAt: later(-1000) };
    expect((await requestWait(expired, four())).map((w) => w.reason)).toEqual(['EMAIL_CODE_EXPIRED']);
    // Its legs say the same: none of them can run.
    expect((await legWait(valid, four()[2], four()))?.reason).toBe('EMAIL_CONFIRMATION');
  });

  it('lists each distinct wait of its legs once', async () => {
    const legs = four({
      profile: { status: 'DONE' },
      sessions: { status: 'DONE' },
      billing: { attempts: 3, nextAttemptAt: later(8000) },
    });
    expect(await requestWait(request(), legs)).toEqual([
      { reason: 'RETRY_SCHEDULED', subgraph: 'billing', until: later(8000) },
      { reason: 'QUEUED', subgraph: 'support', until: null },
    ]);
  });

  it('a package under review waits for a dpo; an inactivity warning for a sign-in, a minor for a consent, until their date, then for the sweep', async () => {
    expect(await requestWait(request({ type: 'ACCESS', status: 'AWAITING_REVIEW' }), [])).toEqual([
      { reason: 'DPO_REVIEW', subgraph: null, until: null },
    ]);
    const due = later(60 * 86_400_000);
    expect(await requestWait(request({ type: 'INACTIVITY', status: 'RECEIVED', dueAt: due }), [])).toEqual([
      { reason: 'SUBJECT_SIGN_IN', subgraph: null, until: due },
    ]);
    expect((await requestWait(request({ type: 'MINOR', status: 'RECEIVED', dueAt: due }), []))[0].reason).toBe(
      'PARENTAL_CONSENT',
    );
    const past = later(-3600_000);
    expect(await requestWait(request({ type: 'INACTIVITY', status: 'RECEIVED', dueAt: past }), [])).toEqual([
      { reason: 'NEXT_SWEEP', subgraph: null, until: later(-3600_000 + 86_400_000) },
    ]);
  });

  it('every open status has a reason; a closed request has none', async () => {
    for (const status of ['RECEIVED', 'IN_PROGRESS', 'FAILED', 'AWAITING_REVIEW'] as const)
      expect((await requestWait(request({ status }), [])).length).toBeGreaterThan(0);
    for (const status of ['COMPLETED', 'REJECTED'] as const)
      expect(await requestWait(request({ status }), four())).toEqual([]);
  });
});

describe('stalled', () => {
  const stalled = async (r: WaitingRequest, legs: WaitingLeg[]) => isStalled(await requestWait(r, legs), NOW);

  it('a leg retrying, a failed leg, an expired code, a review and a missed sweep are stalled', async () => {
    expect(await stalled(request(), four({ billing: { attempts: 4, nextAttemptAt: later(5000) } }))).toBe(true);
    // Caught during its fifth attempt, it is no less stalled.
    expect(await stalled(request(), four({ billing: { attempts: 5, claimedUntil: later(3000) } }))).toBe(true);
    expect(await stalled(request({ status: 'FAILED' }), four({ billing: { status: 'FAILED' } }))).toBe(true);
    const expired = request({ status: 'RECEIVED', awaitingConfirmation: true, confirmationExpiresAt: later(-1) });
    expect(await stalled(expired, four())).toBe(true);
    expect(await stalled(request({ type: 'ACCESS', status: 'AWAITING_REVIEW' }), [])).toBe(true);
    const missed = request({ type: 'INACTIVITY', status: 'RECEIVED', dueAt: later(-2 * 86_400_000) });
    expect(await stalled(missed, [])).toBe(true);
  });

  it('a request waiting for its subject, a date of the policy, a first attempt or the next pass, is not', async () => {
    const code = request({ status: 'RECEIVED', awaitingConfirmation: true, confirmationExpiresAt: later(1000) });
    expect(await stalled(code, four())).toBe(false);
    expect(await stalled(request({ type: 'INACTIVITY', status: 'RECEIVED', dueAt: later(1000) }), [])).toBe(false);
    expect(await stalled(request({ type: 'MINOR', status: 'RECEIVED', dueAt: later(-1000) }), [])).toBe(false);
    expect(await stalled(request(), four({ billing: { claimedUntil: later(3000), attempts: 1 } }))).toBe(false);
  });
});
