import type { DataSource, EntityManager } from 'typeorm';
import type { PrivacyPolicy } from '../../policies';
import type { ArchivedCorrection } from './archived';
import type { Changes } from './changes.input';
import type { ContractOperation, ContractOperationName, ContractOutcome, PrivacyHandlers } from './contract.handlers';
import { eraseHere } from './erasure';
import { placeHold, releaseHold } from './holds.operations';
import type { ConsentPurpose, RestrictionKind, RestrictionScope } from './processing';
import { receiptFromJson, ReceiptOutcome, type PrivacyReceipt } from './receipt';
import { consent, lift, restrict, unobject } from './restrictions.operations';
import type { RetentionReceipt } from './retention.receipt';
import { runRetention, type RetentionHandler } from './retention.runner';
import type { ChunkSettings } from './retention.settings';
import { runOnce } from './run-kit';

/** Operations that still run once the subject is erased here: a hold on what an erasure kept, and its release. */
const AFTER_ERASURE: readonly ContractOperationName[] = ['hold', 'release'];

/**
 * The privacy contract of one data subgraph (decisions 32-34): erase, rectify, restrict, lift,
 * consent, close, hold and release, each run by the run kit (run-kit.ts: one transaction,
 * idempotent on the request id, a dry run being the real run rolled back), and refused, with a
 * SUBJECT_ERASED receipt, once the subject is erased here.
 */
export class PrivacyContract {
  constructor(
    readonly subgraph: string,
    private readonly ds: DataSource,
    private readonly handlers: PrivacyHandlers,
    private readonly policy: PrivacyPolicy,
    private readonly retention: ChunkSettings,
  ) {}

  /**
   * Erasure, of everything or (`categories`) of the categories named. A partial erasure is
   * recorded as `erase-part`: the subject is not erased here, so what follows is not refused.
   */
  erase(
    subjectId: string,
    requestId: string,
    dryRun: boolean,
    categories: readonly string[] | null = null,
  ): Promise<PrivacyReceipt> {
    if (!categories)
      return this.run('erase', subjectId, requestId, dryRun, (tx, op) => eraseHere(tx, this.handlers, op));
    const asked = new Set(categories);
    return this.run('erase-part', subjectId, requestId, dryRun, async (tx, op) => ({
      ...(await eraseHere(tx, this.handlers, { ...op, categories: asked })),
      categories: [...asked].sort(),
    }));
  }

  /** A legal hold on the subject's records here (holds.operations.ts). */
  hold(
    subjectId: string,
    requestId: string,
    holdId: string,
    reason: string,
    recordIds: readonly string[] | null,
    dryRun: boolean,
  ): Promise<PrivacyReceipt> {
    return this.run('hold', subjectId, requestId, dryRun, (tx, op) =>
      placeHold(tx, this.handlers, op, { holdId, reason, recordIds }),
    );
  }

  /** Releases a hold and carries out what the named erasures deferred for it (holds.operations.ts). */
  release(subjectId: string, requestId: string, holdId: string, erasures: readonly string[]): Promise<PrivacyReceipt> {
    return this.run('release', subjectId, requestId, false, (tx, op) =>
      releaseHold(tx, this.handlers, op, holdId, erasures),
    );
  }

  rectify(subjectId: string, requestId: string, changes: Changes): Promise<PrivacyReceipt> {
    return this.run('rectify', subjectId, requestId, false, (tx, op) => this.handlers.rectify(tx, op, changes));
  }

  /** A correction of an archived record, recorded beside it (O35); nothing here when this subgraph keeps none. */
  correctArchived(subjectId: string, requestId: string, correction: ArchivedCorrection): Promise<PrivacyReceipt> {
    return this.run('correct-archived', subjectId, requestId, false, async (tx, op) =>
      this.handlers.correctArchived ? this.handlers.correctArchived(tx, op, correction) : { entities: [] },
    );
  }

  /** Whether the archived record is the subject's here (read only, outside the run kit: nothing is recorded). */
  async archivedRecord(subjectId: string, recordId: string): Promise<boolean> {
    return this.handlers.archivedRecord ? this.handlers.archivedRecord(this.ds.manager, subjectId, recordId) : false;
  }

  restrict(
    subjectId: string,
    requestId: string,
    kind: RestrictionKind,
    scope: RestrictionScope,
    categories: readonly string[] | null = null,
  ): Promise<PrivacyReceipt> {
    return this.run('restrict', subjectId, requestId, false, (tx, op) =>
      restrict(tx, this.handlers, op, kind, scope, categories),
    );
  }

  /** Ends the objection this request recorded: a dpo refused it (O36, V46). Idempotent on the request id. */
  unobject(subjectId: string, requestId: string): Promise<PrivacyReceipt> {
    return this.run('unobject', subjectId, requestId, false, (tx, op) => unobject(tx, this.handlers, op));
  }

  lift(subjectId: string, requestId: string, scope: RestrictionScope): Promise<PrivacyReceipt> {
    return this.run('lift', subjectId, requestId, false, (tx, op) => lift(tx, this.handlers, op, scope));
  }

  consent(subjectId: string, requestId: string, purpose: ConsentPurpose, granted: boolean): Promise<PrivacyReceipt> {
    return this.run('consent', subjectId, requestId, false, (tx, op) =>
      consent(tx, this.handlers, op, purpose, granted),
    );
  }

  /** Records the account's closure here (see PrivacyHandlers.close); idempotent on the request id. */
  close(subjectId: string, requestId: string, closedAt: Date): Promise<PrivacyReceipt> {
    return this.run(
      'close',
      subjectId,
      requestId,
      false,
      async (tx, op) => (this.handlers.close ? this.handlers.close(tx, op) : { entities: [] }),
      // The closure's date (its request's receipt), not the moment this leg ran: periods run from it.
      closedAt,
    );
  }

  /** The retention sweep of this subgraph as of `asOf` (not per subject: never refused for an erased one). */
  retain(runId: string, asOf: Date, dryRun: boolean): Promise<RetentionReceipt> {
    const handler: RetentionHandler = this.handlers.retain ?? (() => Promise.resolve([]));
    const call = { subgraph: this.subgraph, ds: this.ds, policy: this.policy, handler, runId, asOf, dryRun };
    return runRetention(call, this.retention);
  }

  /** One operation through the run kit, refused once the subject is erased here; its receipt. */
  run(
    operation: ContractOperationName,
    subjectId: string,
    requestId: string,
    dryRun: boolean,
    work: (tx: EntityManager, op: ContractOperation) => Promise<ContractOutcome>,
    when?: Date,
  ): Promise<PrivacyReceipt> {
    return runOnce(this.ds, { operation, requestId, subjectId }, dryRun, receiptFromJson, async (tx, before) => {
      const at = when ?? new Date();
      const receipt = (outcome: ReceiptOutcome, result: ContractOutcome): PrivacyReceipt => ({
        subgraph: this.subgraph,
        operation,
        requestId,
        outcome,
        at,
        entities: result.entities,
        recipients: [...new Set(result.recipients ?? [])].sort(),
        carriesOut: result.carriesOut ?? [],
        categories: result.categories ?? null,
      });
      // After an erasure, nothing may bring data back: a late rectification changes nothing.
      // A hold and its release are the exception: what an erasure kept may still be held, and released.
      const erased = !AFTER_ERASURE.includes(operation) && before.erasedHere;
      if (erased) return { receipt: receipt(ReceiptOutcome.SUBJECT_ERASED, { entities: [] }), at };
      const result = await work(tx, { subjectId, requestId, at, policy: this.policy, holdsHere: before.holdsHere });
      return { receipt: receipt(dryRun ? ReceiptOutcome.DRY_RUN : ReceiptOutcome.APPLIED, result), at };
    });
  }
}

const contracts = new WeakMap<DataSource, PrivacyContract>();

/** The contract of this database, made once (its queue must be shared by all requests). */
export function privacyContractFor(
  subgraph: string,
  ds: DataSource,
  handlers: PrivacyHandlers,
  runtime: { policy: PrivacyPolicy; retention: ChunkSettings },
): PrivacyContract {
  let contract = contracts.get(ds);
  if (!contract)
    contracts.set(ds, (contract = new PrivacyContract(subgraph, ds, handlers, runtime.policy, runtime.retention)));
  return contract;
}
