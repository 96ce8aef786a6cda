import type { EntityManager } from 'typeorm';
import type { SubjectActivity } from '../ledger/contract.client';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { newRequest } from '../ledger/new-request';
import { parseDetails, type RequestDetails } from '../ledger/request-details';
import { WaitReason } from '../ledger/waiting';
import { appendAudit } from '../ledger/audit.store';
import { languageOf } from '../mail/templates/notice';
import { LIFECYCLE_ACTOR, type LifecycleDeps } from './lifecycle.ports';

/**
 * A request without legs that carries a deadline (an inactivity warning, a minor's contact),
 * written with its message and audit row in one transaction: RECEIVED while it runs, the live
 * one of its kind for the subject. The address is read from profile (or is the guardian's) for
 * the message and not kept on the request; `extra` adds to its details.
 */
export async function openNotice(
  deps: LifecycleDeps,
  type: 'INACTIVITY' | 'MINOR',
  subject: SubjectActivity,
  asOf: string,
  due: Date,
  notice: (tx: EntityManager, request: RightsRequestEntity, now: Date) => Promise<void>,
  extra: RequestDetails = {},
): Promise<string> {
  const now = new Date();
  const request = newRequest({
    type,
    subjectId: subject.id,
    details: { asOf, lastActivity: subject.lastActivity.toISOString(), ...extra },
    reason: null,
    submittedBy: LIFECYCLE_ACTOR,
    receivedAt: now,
    dueAt: due,
    now,
    liveKind: type,
  });
  const addressed = {
    ...request,
    notifyEmail: subject.email,
    notifyLanguage: languageOf(subject.locale, deps.notices.defaultLanguage),
  };
  await deps.ledger.store.write(async (tx) => {
    await deps.ledger.record(tx, request, [], [], now);
    await notice(tx, addressed, now);
    await appendAudit(tx, now, [
      {
        requestId: request.id,
        action: type === 'INACTIVITY' ? 'INACTIVITY_WARNED' : 'GUARDIANS_CONTACTED',
        actor: LIFECYCLE_ACTOR,
        detail: {
          subjectId: subject.id,
          asOf,
          dueAt: due.toISOString(),
          waitingFor: type === 'INACTIVITY' ? WaitReason.SUBJECT_SIGN_IN : WaitReason.PARENTAL_CONSENT,
        },
      },
    ]);
  });
  return request.id;
}

/** Ends a running warning or contact: cancelled (REJECTED, with why) or done (COMPLETED, with its erasure). */
export async function endNotice(
  deps: LifecycleDeps,
  warning: RightsRequestEntity,
  status: 'REJECTED' | 'COMPLETED',
  why: string | null,
  erasureId: string | null = null,
): Promise<void> {
  const now = new Date();
  await deps.ledger.store.write(async (tx) => {
    await deps.ledger.store.saveRequest(tx, warning.id, {
      status,
      rejectionReason: why,
      liveKind: null,
      completedAt: now,
      updatedAt: now,
      details: JSON.stringify({ ...parseDetails(warning.details), ...(erasureId ? { erasureId } : {}) }),
    });
    await appendAudit(tx, now, [
      {
        requestId: warning.id,
        action: status === 'REJECTED' ? 'INACTIVITY_CANCELLED' : 'INACTIVITY_ERASURE_SUBMITTED',
        actor: LIFECYCLE_ACTOR,
        detail: erasureId ? { erasureId } : {},
      },
    ]);
  });
}
