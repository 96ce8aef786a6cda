import type { SubgraphDefinition } from '../../common/subgraph-server';
import { accessLogRoutes } from './access-log/access-log.route';
import { AccessLogResolver } from './access-log/access-log.resolver';
import { AccessLogEntity } from './access-log/entities/access-log.entity';
import { AuditEventEntity } from './ledger/entities/audit-event.entity';
import { OutboxMessageEntity } from './mail/entities/outbox-message.entity';
import { RequestLegEntity } from './ledger/entities/request-leg.entity';
import { RightsRequestEntity } from './ledger/entities/rights-request.entity';
import { ledgerFor, startWorker } from './requests.runtime';
import { deliveryFor, startDelivery } from './mail/mail.delivery';
import { RequestsInit1763750000000 } from './migrations/1763750000000-requests-init';
import { RequestsLedger1763760000000 } from './migrations/1763760000000-requests-ledger';
import { RequestsRetention1763770000000 } from './migrations/1763770000000-requests-retention';
import { PrivacyOperationEntity } from '../../common/privacy-contract/privacy-operation.entity';
import { AuditAnchorEntity } from './ledger/entities/audit-anchor.entity';
import { RetentionResolver } from './retention/retention.resolver';
import { startRetentionSchedule } from './retention/retention.schedule';
import { RequestsMail1764490000000 } from './migrations/1764490000000-requests-mail';
import { OutboxResolver } from './mail/outbox.resolver';
import { LifecycleResolver } from './lifecycle/lifecycle.resolver';
import { GuardiansResolver } from './lifecycle/guardians.resolver';
import { RequestsAccess1764510000000 } from './migrations/1764510000000-requests-access';
import { RequestsLiveKind1764800000000 } from './migrations/1764800000000-requests-live-kind';
import { RequestsAuditHead1764900000160 } from './migrations/1764900000160-requests-audit-head';
import { RequestsPackageLinks1764900000000 } from './migrations/1764900000000-requests-package-links';
import { PackageLinkUseEntity } from './access-package/entities/package-link-use.entity';
import { packageLinkRoutes } from './access-package/package.link-route';
import { RequestsIdempotency1764900000161 } from './migrations/1764900000161-requests-idempotency';
import { IdempotencyKeyEntity } from './ledger/entities/idempotency-key.entity';
import { RequestsTraceParent1764900000170 } from './migrations/1764900000170-requests-trace-parent';
import { AccessResolver } from './access-package/access.resolver';
import { ReplayResolver } from './rights/replay.resolver';
import { packageRoutes } from './access-package/package.route';
import { unsubscribeRoutes } from './mail/unsubscribe.route';
import { RequestResolver, SubjectRequestsResolver } from './ledger/request.resolver';
import { DeskResolver } from './desk/desk.resolver';
import { LookaheadResolver } from './desk/lookahead.resolver';
import { DeskStore } from './desk/desk.store';
import { StatisticsStore } from './desk/statistics.store';
import { LifecycleStore } from './lifecycle/lifecycle.store';
import type { RequestsContext } from './requests.context';
import { createLedgerLoaders } from './ledger/ledger.context';
import { seedRequests } from './requests.seed';
import { ledgerGaugesFrom } from './requests.metrics';
import { AccessLogStore } from './access-log/access-log.store';
import { RightsResolver } from './rights/rights.resolver';
import { ObjectionResolver } from './rights/objection.resolver';
import { RequestsStatusWidth1765000000200 } from './migrations/1765000000200-requests-status-width';
import { RequestActionsResolver } from './ledger/actions.resolver';
import { LegalHoldEntity } from './holds/entities/legal-hold.entity';
import { HoldsResolver } from './holds/holds.resolver';
import { RequestsHolds1764500000000 } from './migrations/1764500000000-requests-holds';
import { DataSubject } from './ledger/types/subject.type';
import type { Background } from '../../common/subgraph-server';
import { ConfidentialHoldResolver } from './holds/confidential.resolver';
import { BreachesResolver } from './breaches/breaches.resolver';
import { ArchivedResolver } from './archived/archived.resolver';
import { DisclosuresResolver } from './disclosures/disclosures.resolver';
import { RequestsDisclosures1764900150000 } from './migrations/1764900150000-requests-disclosures';
import { RequestsRetentionProgress1765000000600 } from './migrations/1765000000600-requests-retention-progress';
import { RequestsReceiptWidth1765000000700 } from './migrations/1765000000700-requests-receipt-width';

/**
 * The compliance records: the access log of staff reads, and the rights-request ledger that
 * drives erasure, rectification, restriction, objection and consent through every data
 * subgraph's privacy contract, with a retry worker and a hash-chained audit log.
 */
export const requestsSubgraph: SubgraphDefinition<RequestsContext> = {
  name: 'requests',
  entities: [
    AccessLogEntity,
    RightsRequestEntity,
    RequestLegEntity,
    AuditEventEntity,
    OutboxMessageEntity,
    PrivacyOperationEntity,
    AuditAnchorEntity,
    LegalHoldEntity,
    PackageLinkUseEntity,
    IdempotencyKeyEntity,
  ],
  migrations: [
    RequestsInit1763750000000,
    RequestsLedger1763760000000,
    RequestsRetention1763770000000,
    RequestsMail1764490000000,
    RequestsHolds1764500000000,
    RequestsAccess1764510000000,
    RequestsLiveKind1764800000000,
    RequestsPackageLinks1764900000000,
    RequestsAuditHead1764900000160,
    RequestsIdempotency1764900000161,
    RequestsTraceParent1764900000170,
    RequestsDisclosures1764900150000,
    RequestsStatusWidth1765000000200,
    RequestsRetentionProgress1765000000600,
    RequestsReceiptWidth1765000000700,
  ],
  resolvers: [
    AccessLogResolver,
    RightsResolver,
    ObjectionResolver,
    ReplayResolver,
    RequestActionsResolver,
    RequestResolver,
    SubjectRequestsResolver,
    RetentionResolver,
    OutboxResolver,
    HoldsResolver,
    LifecycleResolver,
    GuardiansResolver,
    AccessResolver,
    DeskResolver,
    LookaheadResolver,
    ConfidentialHoldResolver,
    DisclosuresResolver,
    BreachesResolver,
    ArchivedResolver,
  ],
  orphanedTypes: [DataSubject],
  referenceResolvers: {
    // Profile decides whether the subject exists; the ledger only lists what it holds.
    DataSubject: (ref) => ({ id: ref.id }),
  },
  createContext: ({ dataSource }, runtime) => {
    const made = ledgerFor(dataSource, runtime);
    return {
      store: new AccessLogStore(dataSource),
      ledger: made.ledger,
      actions: made.actions,
      rights: made.rights,
      exports: made.exports,
      retention: made.retention,
      holds: made.holds,
      lifecycle: made.lifecycle,
      outbox: made.outbox,
      policy: runtime.policy,
      loaders: createLedgerLoaders(made.ledger),
      desk: {
        store: new DeskStore(dataSource),
        lifecycle: new LifecycleStore(dataSource),
        statistics: new StatisticsStore(dataSource),
      },
    };
  },
  internalRoutes: (router, db, runtime) => {
    accessLogRoutes(router, db);
    packageRoutes(router, db, runtime);
    packageLinkRoutes(router, db, runtime);
    unsubscribeRoutes(router, db, runtime);
  },
  background: ({ dataSource }, runtime) => {
    const made = ledgerFor(dataSource, runtime);
    ledgerGaugesFrom(dataSource);
    return allOf(
      startWorker(made),
      startRetentionSchedule(made.retention, made.retention.settings),
      startDelivery(deliveryFor(dataSource, runtime)),
    );
  },
  seed: seedRequests,
};

/** The ledger's worker, the retention schedule and mail delivery, stopped together. */
function allOf(...parts: Background[]): Background {
  return { stop: async () => void (await Promise.all(parts.map((p) => p.stop()))) };
}
