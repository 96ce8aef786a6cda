import { POLICIES } from '../../policies';
import { dueDate, extendDeadline, maxExtensionMonths } from '../../subgraphs/requests/ledger/deadlines';

/** Art. 12(3) deadlines: one calendar month or the policy's shorter promise, extended by whole months. */

const { ophelantyra, veloraqenvi } = POLICIES;
const at = (iso: string) => new Date(`${iso}T09:30:00.000Z`);

describe('the due date of a request', () => {
  it('is one calendar month after receipt, the end of a shorter month when the day does not exist', () => {
    expect(dueDate(veloraqenvi, 'CONSENT', at('2026-03-15'))).toEqual(at('2026-04-15'));
    expect(dueDate(veloraqenvi, 'ERASURE', at('2026-01-31'))).toEqual(at('2026-02-28'));
    expect(dueDate(veloraqenvi, 'ERASURE', at('2028-01-31'))).toEqual(at('2028-02-29'));
    expect(dueDate(veloraqenvi, 'RECTIFICATION', at('2026-12-31'))).toEqual(at('2027-01-31'));
  });

  it("is the policy's shorter promise when there is one: ophelantyra erases within 30 days", () => {
    // 31 days in March: 30 days is the earlier.
    expect(dueDate(ophelantyra, 'ERASURE', at('2026-03-01'))).toEqual(at('2026-03-31'));
    expect(dueDate(ophelantyra, 'RESTRICTION', at('2026-03-01'))).toEqual(at('2026-04-01'));
  });

  it('is the legal month when the promise would come later: 30 days from 1 February pass 1 March', () => {
    expect(dueDate(ophelantyra, 'ERASURE', at('2026-02-01'))).toEqual(at('2026-03-01'));
  });
});

describe('extending a deadline', () => {
  const request = { initialDueAt: at('2026-01-31'), extendedMonths: 0 };

  it('allows two months in all under both policies', () => {
    expect(maxExtensionMonths(ophelantyra)).toBe(2);
    expect(maxExtensionMonths(veloraqenvi)).toBe(2);
  });

  it('adds whole calendar months to the first deadline', () => {
    expect(extendDeadline(ophelantyra, request, 1)).toEqual({ dueAt: at('2026-02-28'), extendedMonths: 1 });
    expect(extendDeadline(ophelantyra, request, 2)).toEqual({ dueAt: at('2026-03-31'), extendedMonths: 2 });
  });

  it('counts a second extension from the first deadline, not from the previous extension', () => {
    const once = { initialDueAt: request.initialDueAt, extendedMonths: 1 };
    // From 28 February it would be 28 March; from 31 January it is 31 March.
    expect(extendDeadline(ophelantyra, once, 1)).toEqual({ dueAt: at('2026-03-31'), extendedMonths: 2 });
  });

  it('refuses what would pass two months in all: at the limit yes, one past it no', () => {
    expect(extendDeadline(veloraqenvi, { ...request, extendedMonths: 1 }, 1)).not.toBeNull();
    expect(extendDeadline(veloraqenvi, { ...request, extendedMonths: 1 }, 2)).toBeNull();
    expect(extendDeadline(veloraqenvi, { ...request, extendedMonths: 2 }, 1)).toBeNull();
    expect(extendDeadline(veloraqenvi, request, 3)).toBeNull();
  });
});
