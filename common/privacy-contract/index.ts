/** The privacy contract (decision 32, README "Rights requests"): what every data subgraph plugs in, once. */
import { PrivacyOperationEntity } from './privacy-operation.entity';
import { ProcessingRestrictionEntity } from './restriction.entity';
import { LegalHoldEntity } from './legal-hold.entity';

export { PrivacyContract, privacyContractFor } from './contract';
export type { ContractOperation, ContractOperationName, ContractOutcome, PrivacyHandlers } from './contract.handlers';
export { runOnce, type Done, type OperationKey } from './run-kit';
export { PrivacyContractResolver, type PrivacyContractContext } from './contract.resolver';
export { privacyMigration, makeNullable } from './privacy.migration';
export {
  entityReceipt,
  RetentionGround,
  ReceiptOutcome,
  PrivacyReceipt,
  EntityReceipt,
  RetainedRecord,
  receiptFromJson,
  ARCHIVED_AFTER_CLOSURE,
} from './receipt';
export { RetentionReceipt, RuleReceipt, retentionReceiptFromJson, isRetentionReceipt } from './retention.receipt';
export { runRetention, type RetentionCall, type RetentionHandler, type RetentionRun } from './retention.runner';
export { SweepSteps, type ChunkedRows, type ChunkedWrite, type SubjectRows } from './retention.chunks';
export { retentionProgressMigration } from './retention.progress';
export { chunkSettingsFromEnv, DEFAULT_CHUNK_ROWS, type ChunkSettings } from './retention.settings';
export { closedHere, erasedHere, notClosedHere, SUBJECTS_CLOSED_HERE, SUBJECTS_ERASED_HERE } from './retention.sql';
export { ContractStore } from './contract.store';
export { policyRule, ruleCutoff, ruleReceipt, type RuleKey, type RuleOutcome } from './retention.rules';
export { RetentionContractResolver } from './retention.resolver';
export { ConsentPurpose, RestrictionKind, RestrictionScope } from './processing';
export { RectificationChanges, validChanges, type Changes } from './changes.input';
export { HoldContractResolver } from './holds.resolver';
export { correctedDescription, type ArchivedCorrection } from './archived';
export {
  erasableCategories,
  notAsked,
  NotErased,
  NotErasedReason,
  restrictableCategories,
  UNRESTRICTABLE_CATEGORIES,
  WHOLE_ACCOUNT_CATEGORIES,
} from './categories';
export { holdsMigration } from './holds.migration';
export { contractLockMigration } from './contract-lock';
export { restrictedDataMigration } from './restricted-data.migration';
export { privacyReceiptWidthMigration, receiptWidthMigration } from './receipt-width.migration';
export {
  HOLD_RELEASED,
  heldBy,
  heldDue,
  keptByHolds,
  type HeldDue,
  holdable,
  notHeld,
  type HoldableTable,
} from './holds.sql';
export { PrivacyOperationEntity, ProcessingRestrictionEntity, LegalHoldEntity };

/** Add to a data subgraph's `entities`. */
export const PRIVACY_CONTRACT_ENTITIES = [PrivacyOperationEntity, ProcessingRestrictionEntity, LegalHoldEntity];
