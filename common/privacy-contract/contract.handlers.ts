import type { EntityManager } from 'typeorm';
import type { PrivacyPolicy } from '../../policies';
import type { Recipient } from '../privacy';
import type { ArchivedCorrection } from './archived';
import type { Changes } from './changes.input';
import type { HoldableTable } from './holds.sql';
import type { ConsentPurpose, RestrictionScope } from './processing';
import type { EntityReceipt } from './receipt';
import type { RetentionHandler } from './retention.runner';

export type ContractOperationName =
  | 'erase'
  | 'erase-part'
  | 'rectify'
  | 'restrict'
  | 'lift'
  | 'unobject'
  | 'consent'
  | 'close'
  | 'hold'
  | 'release'
  | 'correct-archived';

/** What a handler is told: whom, for which request, at what time, under which policy. */
export interface ContractOperation {
  subjectId: string;
  requestId: string;
  at: Date;
  policy: PrivacyPolicy;
  /**
   * An erasure's deferred part, run when a hold is released: the subject may already be erased
   * here, and what the erasure kept only for the hold goes now.
   */
  deferred?: boolean;
  /**
   * Whether an active legal hold covers anything of the subject here, as read with the
   * operation's own record (ContractStore.before): false, an erasure has no kept record to look
   * up. Absent: not known (a release's deferred part), so it is read.
   */
  holdsHere?: boolean;
  /** A partial erasure (Art. 17 for the categories the subject names); absent: everything. */
  categories?: ReadonlySet<string>;
}

export interface ContractOutcome {
  entities: EntityReceipt[];
  /** A release: the erasures whose deferred part it carried out. */
  carriesOut?: string[];
  /** A partial erasure: the categories asked. */
  categories?: string[];
  /** Recipients that received data this operation touched (Art. 19). */
  recipients?: Recipient[];
}

/** What each data subgraph writes for itself (`<name>.privacy.ts`); the rest is in this folder, once. */
export interface PrivacyHandlers {
  erase(tx: EntityManager, op: ContractOperation): Promise<ContractOutcome>;
  /**
   * A partial erasure: only what belongs to `op.categories`, the subject staying a subject. Each
   * entity's receipt says which of its categories were not erased and why (categories.ts).
   */
  eraseCategories(
    tx: EntityManager,
    op: ContractOperation & { categories: ReadonlySet<string> },
  ): Promise<ContractOutcome>;
  rectify(tx: EntityManager, op: ContractOperation, changes: Changes): Promise<ContractOutcome>;
  /**
   * A correction of an archived record (O35): recorded beside it, the record itself never
   * rewritten. Only a subgraph that keeps archived records (billing: issued invoices) has one;
   * a record that is not the subject's is NOT_FOUND.
   */
  correctArchived?(tx: EntityManager, op: ContractOperation, correction: ArchivedCorrection): Promise<ContractOutcome>;
  /** Whether this archived record is the subject's: the ledger asks before it records a correction. */
  archivedRecord?(tx: EntityManager, subjectId: string, recordId: string): Promise<boolean>;
  /** Recipients of this subgraph's data about the subject: told of a restriction (Art. 19). */
  recipients?(tx: EntityManager, subjectId: string): Promise<Recipient[]>;
  /** Only the subgraph that keeps the consent proof (profile) records the grant or withdrawal itself. */
  consent?(
    tx: EntityManager,
    op: ContractOperation,
    purpose: ConsentPurpose,
    granted: boolean,
  ): Promise<ContractOutcome>;
  /**
   * A closure (closeAccount): the contract records it here (its `privacy_operation` row, dated,
   * is this subgraph's proof of the closure, which later rules read); profile also marks the
   * account CLOSED. Nothing is deleted by a closure: the erasure it schedules does that.
   */
  close?(tx: EntityManager, op: ContractOperation): Promise<ContractOutcome>;
  /** A restriction or objection recorded: what else stops here with it (profile: marketing mail). */
  processingStopped?(tx: EntityManager, op: ContractOperation, scope: RestrictionScope): Promise<void>;
  /** The retention sweep's part here (retention.runner.ts); a subgraph without one has no rule to apply. */
  retain?: RetentionHandler;
  /**
   * The kinds of record a legal hold may cover here (holds.sql.ts). Erasure and the sweep
   * exclude what an active hold covers; these say how to list and name it in receipts.
   */
  holdable: readonly HoldableTable[];
}
