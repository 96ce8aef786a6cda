import { randomUUID } from 'node:crypto';
import { CONTRACT_MAX_IDS } from '../../../common/validation';
import type { SubjectActivity } from '../ledger/contract.client';
import type { LifecycleDeps } from './lifecycle.ports';

/**
 * A subject's last activity as the policy reads it (V18: « une connexion »): the latest of the
 * last sign-in profile records (or the account's creation), anything they did in sessions (a
 * visit in the connection logs, a session, a download...) and a request of their own. The one
 * definition the inactivity sweep, its warning (the date the message names) and the cancellation
 * of a running warning all read: three statements per page of CONTRACT_MAX_IDS subjects, none
 * per subject.
 */
export async function withActivity(
  deps: LifecycleDeps,
  subjects: readonly SubjectActivity[],
): Promise<SubjectActivity[]> {
  const latest = new Map<string, Date>();
  const seen = (id: string, at: Date) => {
    const known = latest.get(id);
    if (!known || at > known) latest.set(id, at);
  };
  for (let i = 0; i < subjects.length; i += CONTRACT_MAX_IDS) {
    const ids = subjects.slice(i, i + CONTRACT_MAX_IDS).map((s) => s.id);
    const [sessions, requests] = await Promise.all([
      deps.client.sessionsActivity(ids, randomUUID()),
      deps.store.lastOwnRequests(ids),
    ]);
    for (const a of sessions) seen(a.id, a.lastActivity);
    for (const r of requests) seen(r.id, r.at);
  }
  return subjects.map((s) => {
    const other = latest.get(s.id);
    return other && other > s.lastActivity ? { ...s, lastActivity: other } : s;
  });
}
