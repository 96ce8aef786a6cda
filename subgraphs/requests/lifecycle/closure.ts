import { nextDay } from '../../../common/calendar-date';
import { isoDate, subtractDuration } from '../../../common/duration';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { scheduleErasure } from './erasure';
import { inBatches, type LifecycleDeps, type LifecyclePass } from './lifecycle.ports';

/**
 * The ordinary erasure a closure schedules: submitted when the closure completes if the policy
 * says "at once" (veloraqenvi), otherwise by the first sweep on or after the closure's day plus
 * `policy.closure.eraseAfter` (ophelantyra). The sweep also catches up an erasure a crash made
 * the completion miss.
 */
export function eraseClosed(deps: LifecycleDeps, closure: RightsRequestEntity): Promise<string | null> {
  return scheduleErasure(
    deps,
    closure.subjectId,
    `Account closed on ${isoDate(closure.receivedAt)} (request ${closure.id}): erasure as the policy schedules it.`,
    // « nous supprimons la plupart de vos données dans les trente jours » of the closure.
    { cause: 'CLOSURE', at: closure.receivedAt, dueFromEvent: true },
  );
}

/** The closures whose erasure is due as of `asOf`: of day D on the sweep of D + eraseAfter. */
export async function closures(deps: LifecycleDeps, asOf: string, pass: LifecyclePass): Promise<void> {
  const before = subtractDuration(nextDay(asOf), deps.policy.closure.eraseAfter);
  await inBatches(await deps.store.closuresAwaitingErasure(before), async (closure) => {
    const id = await eraseClosed(deps, closure);
    if (id) pass.erasures.push(id);
  });
}
