/** Entries a recent-calls list keeps: far more than a test reads after its reset, few enough to ignore. */
export const RECENT_KEEP = 1000;

/**
 * Appends to a list that keeps only its most recent entries. The gateway's calls and each
 * subgraph's operations are recorded for tests to read ("which services did this query reach?"),
 * and they were never emptied outside tests: a service up for a month kept every call it had made
 * (tens of millions at export rates). Trimmed when twice `keep` long, so a push costs O(1)
 * amortised and the list object stays the one callers hold.
 */
export function appendRecent<T>(list: T[], item: T, keep: number = RECENT_KEEP): void {
  list.push(item);
  if (list.length >= 2 * keep) list.splice(0, list.length - keep);
}
