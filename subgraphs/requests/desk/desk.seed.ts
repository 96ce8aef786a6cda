import { DAY_MS } from '../../../common/calendar-date';
import { DATA_SUBGRAPH_NAMES } from '../../../common/config';
import type { DemoSubject } from '../../../common/demo/plan';
import { demoId } from '../../../common/demo/random';
import type { LegalHoldEntity } from '../holds/entities/legal-hold.entity';
import type { AuditEntry } from '../ledger/audit.store';
import type { RequestLegEntity } from '../ledger/entities/request-leg.entity';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { newRequest } from '../ledger/new-request';
import type { LegStatus, RequestStatus, RequestType } from '../ledger/request.enums';
import type { OutboxMessageEntity } from '../mail/entities/outbox-message.entity';

export interface DeskCases {
  requests: RightsRequestEntity[];
  legs: RequestLegEntity[];
  holds: LegalHoldEntity[];
  messages: OutboxMessageEntity[];
  audit: Array<{ at: Date; entries: AuditEntry[] }>;
}

interface Case {
  key: string;
  subject: number;
  type: RequestType;
  status: RequestStatus;
  receivedDaysAgo: number;
  dueInDays: number;
  legs: (subgraph: string) => LegStatus;
  extra?: Partial<RightsRequestEntity>;
}

/**
 * What the desk shows on a demo stack: every view has something. The worker leaves each alone
 * (an email change awaiting its code, a FAILED request, a package awaiting review, done
 * closures), except the hold, whose legs it places in every subgraph as a real one.
 */
const CASES: readonly Case[] = [
  // Open and overdue: an email change whose code expired unused (a dpo extends or rejects it).
  {
    key: 'overdue-email-change',
    subject: 1,
    type: 'RECTIFICATION',
    status: 'RECEIVED',
    receivedDaysAgo: 40,
    dueInDays: -10,
    legs: () => 'PENDING',
    extra: { awaitingConfirmation: true, confirmationExpiresAt: null },
  },
  // A leg that gave up: billing refused a restriction (a dpo retries it).
  {
    key: 'failed-restriction',
    subject: 2,
    type: 'RESTRICTION',
    status: 'FAILED',
    receivedDaysAgo: 20,
    dueInDays: 10,
    legs: (s) => (s === 'billing' ? 'FAILED' : 'DONE'),
    extra: { details: JSON.stringify({ scope: 'MARKETING' }) },
  },
  // Due within three days and waiting for a dpo: an access package to review.
  {
    key: 'access-review',
    subject: 10,
    type: 'ACCESS',
    status: 'AWAITING_REVIEW',
    receivedDaysAgo: 28,
    dueInDays: 2,
    legs: () => 'DONE',
    extra: { liveExport: 'ACCESS' },
  },
  // A closed account whose erasure the sweep submits on the policy's date.
  {
    key: 'closure',
    subject: 6,
    type: 'CLOSURE',
    status: 'COMPLETED',
    receivedDaysAgo: 5,
    dueInDays: 25,
    legs: () => 'DONE',
    extra: { liveKind: 'CLOSURE' },
  },
];

/** The desk's demo cases over the plan's featured subjects (those the plan holds). */
export function deskCases(plan: readonly DemoSubject[], now: Date): DeskCases {
  const out: DeskCases = { requests: [], legs: [], holds: [], messages: [], audit: [] };
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  for (const c of CASES) {
    const subject = plan[c.subject];
    if (!subject) continue;
    const id = demoId('desk-case', c.key);
    const receivedAt = ago(c.receivedDaysAgo);
    out.requests.push({
      ...newRequest({
        id,
        type: c.type,
        subjectId: subject.id,
        status: c.status,
        details: {},
        reason: null,
        submittedBy: subject.id,
        receivedAt,
        dueAt: ago(-c.dueInDays),
        now: c.status === 'COMPLETED' ? receivedAt : ago(1),
      }),
      ...c.extra,
    });
    for (const subgraph of DATA_SUBGRAPH_NAMES) {
      const status = c.legs(subgraph);
      out.legs.push({
        requestId: id,
        subgraph,
        status,
        attempts: status === 'PENDING' ? 0 : status === 'FAILED' ? 8 : 1,
        lastError: status === 'FAILED' ? 'billing refused: the invoice run holds the account (503)' : null,
        nextAttemptAt: receivedAt,
        claimedUntil: null,
        receipt: null,
        updatedAt: ago(1),
      });
    }
    out.audit.push({
      at: receivedAt,
      entries: [{ requestId: id, action: 'RECEIVED', actor: 'desk-demo', detail: { type: c.type } }],
    });
  }
  const failed = plan[2];
  if (failed)
    out.messages.push({
      id: demoId('desk-case', 'undelivered'),
      requestId: demoId('desk-case', 'failed-restriction'),
      subjectId: failed.id,
      recipient: failed.email,
      kind: 'REQUEST_RECEIVED',
      language: 'fr',
      subject: 'Nous avons bien reçu votre demande',
      body: 'Bonjour,\n\nNous avons bien reçu votre demande de limitation. Nous vous répondrons dans un délai d’un mois.\n\nLe délégué à la protection des données',
      status: 'FAILED',
      attempts: 5,
      nextAttemptAt: ago(19),
      claimedUntil: null,
      lastError: '550 mailbox unavailable',
      createdAt: ago(20),
      sentAt: null,
      providerMessageId: null,
    });
  const held = plan[7];
  if (held) {
    const holdId = demoId('desk-case', 'hold');
    const requestId = demoId('desk-case', 'hold-request');
    const placedAt = ago(3);
    const reason = 'Litige en cours avec le client (réf. CX-2026-114)';
    out.holds.push({
      id: holdId,
      subjectId: held.id,
      scope: 'SUBJECT',
      subgraph: null,
      recordIds: null,
      confidentialReason: null,
      reason,
      placedBy: 'dpo-demo',
      placedAt,
      placeRequestId: requestId,
      releasedAt: null,
      releasedBy: null,
      releaseReason: null,
      releaseRequestId: null,
    });
    out.requests.push(
      newRequest({
        id: requestId,
        type: 'LEGAL_HOLD',
        subjectId: held.id,
        status: 'IN_PROGRESS',
        details: { holdId, holdReason: reason, recordIds: null },
        reason,
        submittedBy: 'dpo-demo',
        receivedAt: placedAt,
        dueAt: placedAt,
        now: placedAt,
      }),
    );
    for (const subgraph of DATA_SUBGRAPH_NAMES)
      out.legs.push({
        requestId,
        subgraph,
        status: 'PENDING',
        attempts: 0,
        lastError: null,
        nextAttemptAt: placedAt,
        claimedUntil: null,
        receipt: null,
        updatedAt: placedAt,
      });
  }
  return out;
}
