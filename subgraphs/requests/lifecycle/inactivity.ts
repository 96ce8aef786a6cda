import { randomUUID } from 'node:crypto';
import { CONTRACT_MAX_IDS } from '../../../common/validation';
import { dayStart, nextDay } from '../../../common/calendar-date';
import { addDuration, isoDate, subtractDuration } from '../../../common/duration';
import type { SubjectActivity } from '../ledger/contract.client';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { parseDetails } from '../ledger/request-details';
import { scheduleErasure } from './erasure';
import { inBatches, type LifecycleDeps, type LifecyclePass } from './lifecycle.ports';
import { endNotice, openNotice } from './notice-request';
import { withActivity } from './activity';

/**
 * veloraqenvi (V18): « Passé ce délai d'inactivité [36 mois], nous vous envoyons un
 * avertissement ... Si aucune réaction n'intervient dans les 60 jours suivant cet avertissement,
 * le compte ... [est] effacé. » First the running warnings: activity since the warning (a sign-in,
 * a visit, a request: activity.ts), or a closure or an erasure, cancels it; one 60 days old
 * becomes an ordinary erasure. Then the accounts inactive for 36 months as of `asOf` that have
 * no running warning are warned, each warning a ledger request written with its message in one
 * transaction.
 */
export async function inactivity(deps: LifecycleDeps, asOf: string, pass: LifecyclePass): Promise<void> {
  const { warnAfter, eraseAfterWarning } = deps.policy.inactivity;
  if (!warnAfter || !eraseAfterWarning) return;
  const callId = randomUUID();
  const running = await runningWarnings(deps, asOf, eraseAfterWarning, pass);
  // Inactive as of asOf: the last activity (sign-in, or any connection: activity.ts) is before
  // the next day minus the period. Profile narrows by sign-in; the other sources then clear some.
  // Every subject due is warned in batches: no cap postpones anyone.
  // Profile answers a page of accounts at a time: each page is warned before the next is read.
  const before = subtractDuration(nextDay(asOf), warnAfter);
  const erasureDate = addDuration(dayStart(asOf), eraseAfterWarning);
  for await (const page of deps.client.inactiveSubjects(before, callId)) {
    const candidates = await withActivity(deps, page);
    await inBatches(
      candidates.filter((s) => s.lastActivity < before && !running.has(s.id)),
      async (subject) => {
        pass.warned.push(await warn(deps, subject, asOf, erasureDate));
      },
    );
  }
}

/**
 * Each running warning cancelled, turned into its erasure, or left running; returns the subjects
 * still warned. A page of CONTRACT_MAX_IDS warnings at a time, in id order, so that only their
 * ids are held whatever their number (a settled warning leaves the running ones; the next page
 * starts after the last id read, so none is skipped or read twice).
 */
async function runningWarnings(
  deps: LifecycleDeps,
  asOf: string,
  eraseAfterWarning: string,
  pass: LifecyclePass,
): Promise<Set<string>> {
  const running = new Set<string>();
  for (let after: string | null = null; ;) {
    const open = await deps.store.openWarningsPage(after, CONTRACT_MAX_IDS);
    const ids = [...new Set(open.map((w) => w.subjectId))];
    const known = await withActivity(deps, await deps.client.subjectsActivity(ids, randomUUID()));
    const activity = new Map(known.map((a) => [a.id, a]));
    await inBatches(open, async (warning) => {
      if (!(await settleWarning(deps, warning, activity.get(warning.subjectId), asOf, eraseAfterWarning, pass)))
        running.add(warning.subjectId);
    });
    if (open.length < CONTRACT_MAX_IDS) return running;
    after = open[open.length - 1].id;
  }
}

/** One running warning: false while it keeps running. */
async function settleWarning(
  deps: LifecycleDeps,
  warning: RightsRequestEntity,
  now: SubjectActivity | undefined,
  asOf: string,
  eraseAfterWarning: string,
  pass: LifecyclePass,
): Promise<boolean> {
  const details = parseDetails(warning.details);
  const warnedOn = details.asOf ?? isoDate(warning.receivedAt);
  if (!now || now.status === 'ERASED' || now.status === 'CLOSED') {
    await endNotice(deps, warning, 'REJECTED', 'The account was closed or erased meanwhile.');
    pass.cancelled.push(warning.id);
  } else if (details.lastActivity && now.lastActivity.getTime() > new Date(details.lastActivity).getTime()) {
    await endNotice(deps, warning, 'REJECTED', `The subject was active on ${isoDate(now.lastActivity)}.`);
    pass.cancelled.push(warning.id);
  } else if (addDuration(dayStart(warnedOn), eraseAfterWarning) <= dayStart(asOf)) {
    const erasure = await scheduleErasure(
      deps,
      warning.subjectId,
      `No activity since ${isoDate(now.lastActivity)}, warned on ${warnedOn} (request ${warning.id}): erasure as the policy schedules it.`,
      { cause: 'INACTIVITY', at: now.lastActivity },
    );
    await endNotice(deps, warning, 'COMPLETED', null, erasure);
    if (erasure) pass.erasures.push(erasure);
  } else {
    return false;
  }
  return true;
}

function warn(deps: LifecycleDeps, subject: SubjectActivity, asOf: string, erasureDate: Date): Promise<string> {
  return openNotice(deps, 'INACTIVITY', subject, asOf, erasureDate, (tx, r, now) =>
    deps.notices.inactivityWarning(tx, r, subject.lastActivity, erasureDate, now),
  );
}
