import type { LegStatus, RequestStatus, RequestType } from './request.enums';

/**
 * How the legs of a request combine: in which order they may run, and what status they give
 * their request. Pure rules, used by the fan-out (fanout.ts) and tested on their own.
 */

/** An access or portability request: its package is built by this service, not by the data subgraphs. */
export function isExport(type: RequestType): type is 'ACCESS' | 'PORTABILITY' {
  return type === 'ACCESS' || type === 'PORTABILITY';
}

/**
 * The legs a request gets. An export has one, `requests`: the worker builds the package from the
 * export query through the gateway, which reaches every data subgraph at once (decision 97).
 */
export function legSubgraphs(type: RequestType, dataSubgraphs: readonly string[]): readonly string[] {
  return isExport(type) ? ['requests'] : dataSubgraphs;
}

/** The leg the others of a PROFILE_FIRST request wait for. */
export const PROFILE_LEG = 'profile';
/** The types whose other legs wait for profile's (the worker's SQL reads the same list). */
export const PROFILE_FIRST: readonly RequestType[] = ['RECTIFICATION'];
/** The types whose legs wait for a legal hold still to be placed in their subgraph. */
export const HOLD_GATED: readonly RequestType[] = ['ERASURE', 'RETENTION'];

/**
 * A rectification reaches profile first (decision 37): profile holds the unique email index,
 * so if it refuses (EMAIL_TAKEN) no other copy has changed. Every other leg of a rectification
 * waits until profile's is done; the legs of other requests wait for nothing.
 */
export function waitsForProfile(type: RequestType, subgraph: string): boolean {
  return PROFILE_FIRST.includes(type) && subgraph !== PROFILE_LEG;
}

/**
 * An erasure's or a sweep's leg waits while a legal hold is still to be placed in its subgraph
 * (for that subject; for a sweep, for anyone): the hold was asked first, so it applies first.
 */
export function waitsForHolds(type: RequestType): boolean {
  return HOLD_GATED.includes(type);
}

/** The legs to run, in waves: each wave runs at once, after the one before it. */
export function legWaves<S extends string>(type: RequestType, subgraphs: readonly S[]): S[][] {
  const first = subgraphs.filter((s) => !waitsForProfile(type, s));
  const then = subgraphs.filter((s) => waitsForProfile(type, s));
  return then.length > 0 ? [first, then] : [first];
}

/**
 * The request's status from its legs as they now stand: FAILED when one gave up, COMPLETED when
 * all are done, RECEIVED while none has been tried yet, IN_PROGRESS otherwise.
 */
export function statusFromLegs(
  legs: ReadonlyArray<{ status: LegStatus; attempts: number }>,
  current: RequestStatus,
): RequestStatus {
  if (legs.some((l) => l.status === 'FAILED')) return 'FAILED';
  if (legs.every((l) => l.status === 'DONE')) return 'COMPLETED';
  return current === 'RECEIVED' && legs.every((l) => l.attempts === 0) ? 'RECEIVED' : 'IN_PROGRESS';
}
