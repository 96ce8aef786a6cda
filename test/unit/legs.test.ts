import { legWaves, statusFromLegs } from '../../subgraphs/requests/ledger/legs';
import { registeredTypes } from '../helpers/registry';
import type { LegStatus } from '../../subgraphs/requests/ledger/request.enums';

/** How a request's legs combine: their order, and the request's status they give. */

const legs = (...spec: Array<[LegStatus, number]>) => spec.map(([status, attempts]) => ({ status, attempts }));

describe("a request's status from its legs", () => {
  it('is RECEIVED while no leg has been tried, IN_PROGRESS from the first attempt', () => {
    expect(statusFromLegs(legs(['PENDING', 0], ['PENDING', 0]), 'RECEIVED')).toBe('RECEIVED');
    expect(statusFromLegs(legs(['PENDING', 1], ['PENDING', 0]), 'RECEIVED')).toBe('IN_PROGRESS');
  });

  it('stays IN_PROGRESS, never back to RECEIVED, once it was running', () => {
    expect(statusFromLegs(legs(['PENDING', 0], ['PENDING', 0]), 'IN_PROGRESS')).toBe('IN_PROGRESS');
    expect(statusFromLegs(legs(['PENDING', 0]), 'FAILED')).toBe('IN_PROGRESS');
  });

  it('is COMPLETED when every leg is done, not while one is left', () => {
    expect(statusFromLegs(legs(['DONE', 1], ['DONE', 3], ['DONE', 1], ['DONE', 1]), 'IN_PROGRESS')).toBe('COMPLETED');
    expect(statusFromLegs(legs(['DONE', 1], ['DONE', 3], ['DONE', 1], ['PENDING', 2]), 'IN_PROGRESS')).toBe(
      'IN_PROGRESS',
    );
  });

  it('is FAILED as soon as one leg gave up, whatever the others', () => {
    expect(statusFromLegs(legs(['DONE', 1], ['FAILED', 10], ['PENDING', 2]), 'IN_PROGRESS')).toBe('FAILED');
    expect(statusFromLegs(legs(['FAILED', 1], ['PENDING', 0]), 'RECEIVED')).toBe('FAILED');
  });
});

describe('the order of the legs', () => {
  const all = ['profile', 'sessions', 'billing', 'support'];
  const types = registeredTypes();

  it('runs every leg at once, except for a rectification', () => {
    for (const type of ['ERASURE', 'RESTRICTION', 'LIFT_RESTRICTION', 'OBJECTION', 'CONSENT', 'CLOSURE'] as const) {
      expect(types.firstLeg(type)).toBeNull();
      expect(legWaves(types.firstLeg(type), all)).toEqual([all]);
    }
  });

  it('runs a rectification on profile first, then on every other copy', () => {
    expect(types.firstLeg('RECTIFICATION')).toBe('profile');
    expect(legWaves(types.firstLeg('RECTIFICATION'), all)).toEqual([['profile'], ['sessions', 'billing', 'support']]);
    // What the worker's SQL binds: the types whose other legs wait for profile.
    expect(types.typesFirst('profile')).toEqual(['RECTIFICATION']);
  });

  it("keeps the others waiting for profile even when profile's leg is no longer pending", () => {
    expect(legWaves('profile', ['billing', 'support'])).toEqual([[], ['billing', 'support']]);
  });
});
