import type { EntityManager } from 'typeorm';
import { DATA_SUBGRAPH_NAMES } from '../../common/config';
import { boundariesOf } from '../../common/demo/boundaries';
import { insertRows } from '../../common/demo/insert';
import type { DemoSubject } from '../../common/demo/plan';
import { demoId } from '../../common/demo/random';
import { addDuration, subtractDuration } from '../../common/duration';
import { appendAudit, type AuditEntry } from './ledger/audit.store';
import { AccessLogEntity } from './access-log/entities/access-log.entity';
import { OutboxMessageEntity } from './mail/entities/outbox-message.entity';
import { RequestLegEntity } from './ledger/entities/request-leg.entity';
import { RightsRequestEntity } from './ledger/entities/rights-request.entity';
import type { RequestType } from './ledger/request.enums';
import { newRequest } from './ledger/new-request';
import type { DemoExtras } from '../../common/subgraph-server';
import { deskCases } from './desk/desk.seed';
import { LegalHoldEntity } from './holds/entities/legal-hold.entity';

const HOUR_MS = 3_600_000;

/**
 * The ledger starts with what the retention showcase needs (issue 10), and nothing else: for
 * each long-standing subject of the plan, closed requests, sent messages, access-log entries and
 * audit rows on both sides of the product's own periods (rights requests and audit log 5 years,
 * outbox 3 months, access log 1 year), and one erasure that left a reason behind. The requests
 * are those of former subjects (ids no profile holds), as an old ledger has: a featured or
 * generated subject's export shows no request it did not make.
 */
export async function seedRequests(
  db: EntityManager,
  plan: readonly DemoSubject[],
  now: Date,
  extras?: DemoExtras,
): Promise<void> {
  const requests: RightsRequestEntity[] = [];
  const legs: RequestLegEntity[] = [];
  const messages: OutboxMessageEntity[] = [];
  const accessLog: AccessLogEntity[] = [];
  const audit: Array<{ at: Date; entries: AuditEntry[] }> = [];

  const closedRequest = (
    id: string,
    subjectId: string,
    type: RequestType,
    receivedAt: Date,
    reason: string | null = null,
  ): void => {
    const completedAt = new Date(receivedAt.getTime() + HOUR_MS);
    requests.push(
      newRequest({
        id,
        type,
        subjectId,
        status: 'COMPLETED',
        details: type === 'RESTRICTION' ? { scope: 'RESEARCH' } : {},
        reason,
        submittedBy: 'dpo-demo',
        receivedAt,
        dueAt: addDuration(receivedAt, 'P1M'),
        now: completedAt,
      }),
    );
    for (const subgraph of DATA_SUBGRAPH_NAMES)
      legs.push({
        requestId: id,
        subgraph,
        status: 'DONE',
        attempts: 1,
        lastError: null,
        nextAttemptAt: receivedAt,
        claimedUntil: null,
        receipt: null,
        updatedAt: completedAt,
      });
    audit.push(
      {
        at: receivedAt,
        entries: [{ requestId: id, action: 'RECEIVED', actor: 'dpo-demo', detail: { type, subjectId } }],
      },
      {
        at: completedAt,
        entries: DATA_SUBGRAPH_NAMES.map((subgraph) => ({
          requestId: id,
          action: 'LEG_DONE',
          actor: 'worker',
          detail: { subgraph, attempts: 1, outcome: 'APPLIED' },
        })),
      },
    );
  };

  for (const s of plan) {
    if (!s.traits.has('long-standing')) continue;
    const former = (what: string): string => demoId('former-subject', s.index, what);
    const sides = (b: { expired: Date; notYet: Date }) =>
      [
        ['expired', b.expired],
        ['not-yet', b.notYet],
      ] as const;

    // rights-requests and audit-log (both 5 years from the request): a restriction on each side.
    for (const [k, b] of boundariesOf(now, (p) => p.retention['rights-requests']).entries())
      for (const [side, at] of sides(b))
        closedRequest(
          demoId('rights-request', s.index, `${side}-${k}`),
          former(`request-${side}-${k}`),
          'RESTRICTION',
          at,
        );

    // outbox (3 months from the message): an objection's outcome, sent, on each side.
    for (const [k, b] of boundariesOf(now, (p) => p.records.outbox).entries())
      for (const [side, at] of sides(b)) {
        const requestId = demoId('rights-request', s.index, `outbox-${side}-${k}`);
        const subjectId = former(`outbox-${side}-${k}`);
        closedRequest(requestId, subjectId, 'OBJECTION', at);
        const sentAt = new Date(at.getTime() + HOUR_MS);
        messages.push({
          id: demoId('outbox-message', s.index, `${side}-${k}`),
          requestId,
          subjectId,
          recipient: `ancien.abonne.${s.index}.${side}@example.org`,
          kind: 'REQUEST_COMPLETED',
          language: 'fr',
          subject: 'Votre demande a été traitée',
          body: 'Bonjour,\n\nVotre opposition au traitement de vos données a été prise en compte. Vos données ne sont plus utilisées à cette fin.\n\nLe délégué à la protection des données',
          status: 'SENT',
          attempts: 1,
          nextAttemptAt: sentAt,
          claimedUntil: null,
          lastError: null,
          createdAt: at,
          sentAt,
          providerMessageId: `<${demoId('outbox-message', s.index, `${side}-${k}`)}@localhost>`,
        });
      }

    // access-log (1 year): a support agent read this subject's profile, on each side.
    for (const [k, b] of boundariesOf(now, (p) => p.records['access-log']).entries())
      for (const [side, at] of sides(b))
        accessLog.push({
          id: demoId('access-log', s.index, `${side}-${k}`),
          at,
          principal: 'support-demo@example.org',
          roles: 'support',
          subjectId: s.id,
          fields: 'fullName,email,supportTickets',
          requestId: demoId('access-log-request', s.index, `${side}-${k}`),
          operationName: 'SupportLookup',
        });

    // erased-subject-leftovers (at the first sweep): an erasure two months ago whose reason is still there.
    closedRequest(
      demoId('rights-request', s.index, 'erasure'),
      former('erased'),
      'ERASURE',
      subtractDuration(now, 'P2M'),
      'Je quitte le programme et ne souhaite plus que mes données soient conservées.',
    );
  }

  const desk = extras?.deskCases ? deskCases(plan, now) : null;
  if (desk) {
    requests.push(...desk.requests);
    legs.push(...desk.legs);
    messages.push(...desk.messages);
    audit.push(...desk.audit);
    await insertRows(db, LegalHoldEntity, desk.holds);
  }
  await insertRows(db, RightsRequestEntity, requests);
  await insertRows(db, RequestLegEntity, legs);
  await insertRows(db, OutboxMessageEntity, messages);
  await insertRows(db, AccessLogEntity, accessLog);
  // The audit chain in the order things happened: each row hashes the one before it.
  for (const { at, entries } of audit.sort((a, b) => a.at.getTime() - b.at.getTime()))
    await appendAudit(db, at, entries);
}
