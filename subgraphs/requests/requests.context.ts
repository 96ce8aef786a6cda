import type { SubjectDatabaseContext } from '../../common/context';
import type { PrivacyPolicy } from '../../policies';
import type { DeskContext } from './desk/desk.context';
import type { ExportsContext } from './access-package/access.context';
import type { AccessLogContext } from './access-log/access-log.context';
import type { AccessLogStore } from './access-log/access-log.store';
import type { HoldsContext } from './holds/holds.context';
import { type createLedgerLoaders, type LedgerContext } from './ledger/ledger.context';
import type { LifecycleContext } from './lifecycle/lifecycle.context';
import type { MailContext } from './mail/mail.context';
import type { RetentionContext } from './retention/retention.context';
import type { RightsContext } from './rights/rights.context';

/**
 * The context of the `requests` service: each feature's slice together (each resolver declares
 * only the slice it reads), over the access log's store and the ledger's loaders.
 */
export type RequestsContext = SubjectDatabaseContext<AccessLogStore, ReturnType<typeof createLedgerLoaders>> &
  LedgerContext &
  RightsContext &
  ExportsContext &
  RetentionContext &
  HoldsContext &
  LifecycleContext &
  MailContext &
  AccessLogContext &
  DeskContext & { policy: PrivacyPolicy };
