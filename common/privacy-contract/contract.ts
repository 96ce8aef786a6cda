import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { PrivacyPolicy } from '../../policies';
import { mutexFor } from '../mutex';
import type { Recipient } from '../privacy';
import type { Changes } from './changes.input';
import { heldRecords, ownKeys, type HoldableTable } from './holds.sql';
import { LegalHoldEntity } from './legal-hold.entity';
import { PrivacyOperationEntity } from './privacy-operation.entity';
import { type ConsentPurpose, RestrictionKind, RestrictionScope } from './processing';
import { entityReceipt, receiptFromJson, ReceiptOutcome, type EntityReceipt, type PrivacyReceipt } from './receipt';
import { ProcessingRestrictionEntity } from './restriction.entity';
import type { RetentionReceipt } from './retention.receipt';
import { runRetention, type RetentionHandler } from './retention.runner';

export type ContractOperationName =
  'erase' | 'erase-part' | 'rectify' | 'restrict' | 'lift' | 'consent' | 'close' | 'hold' | 'release';

/** Operations that still run once the subject is erased here: a hold on what an erasure kept, and its release. */
const AFTER_ERASURE: readonly ContractOperationName[] = ['hold', 'release'];

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

/** What each data subgraph writes for itself (`<name>.privacy.ts`); the rest is here, once. */
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
  /** The retention sweep's part here (retention.runner.ts); a subgraph without one has no rule to apply. */
  retain?: RetentionHandler;
  /**
   * The kinds of record a legal hold may cover here (holds.sql.ts). Erasure and the sweep
   * exclude what an active hold covers; these say how to list and name it in receipts.
   */
  holdable: readonly HoldableTable[];
}

/** Thrown inside a dry run's transaction so that the database rolls everything back. */
class DryRunRollback extends Error {
  constructor(readonly receipt: PrivacyReceipt) {
    super('dry run');
  }
}

/**
 * The privacy contract of one data subgraph (decisions 32-34): erase, rectify, restrict, lift
 * and consent, each idempotent on the request id and done in one transaction. A dry run does
 * the very same work in a transaction it then rolls back, so its receipt is the one the real
 * run would give.
 */
export class PrivacyContract {
  constructor(
    readonly subgraph: string,
    private readonly ds: DataSource,
    private readonly handlers: PrivacyHandlers,
    private readonly policy: PrivacyPolicy,
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
    if (!categories) return this.run('erase', subjectId, requestId, dryRun, (tx, op) => this.eraseHere(tx, op));
    const asked = new Set(categories);
    return this.run('erase-part', subjectId, requestId, dryRun, async (tx, op) => ({
      ...(await this.eraseHere(tx, { ...op, categories: asked })),
      categories: [...asked].sort(),
    }));
  }

  /**
   * The erasure's work: the handler deletes what is not held (its statements exclude held
   * records), and the receipt lists, per entity, each record a hold kept, naming the hold.
   */
  private async eraseHere(tx: EntityManager, op: ContractOperation): Promise<ContractOutcome> {
    const held = await heldRecords(tx, this.handlers.holdable, op.subjectId);
    const categories = op.categories;
    let own: ContractOutcome;
    if (categories) {
      // The subject stays: their restrictions and objections stay in force.
      own = await this.handlers.eraseCategories(tx, { ...op, categories });
    } else {
      const erased = await this.handlers.erase(tx, op);
      // A restriction or objection only steers the processing of a subject who is no more here.
      const restrictions = await tx.getRepository(ProcessingRestrictionEntity).delete({ subjectId: op.subjectId });
      own = {
        ...erased,
        entities: [...erased.entities, entityReceipt('ProcessingRestriction', { deleted: restrictions.affected ?? 0 })],
      };
    }
    // A partial erasure names what holds kept only of the entities it was asked to erase.
    const asked = (e: EntityReceipt) => !categories || e.notErased.some((n) => n.reason !== 'NOT_ASKED');
    const entities = own.entities.map((e) =>
      asked(e) || e.notErased.length === 0 ? { ...e, retained: [...e.retained, ...(held.get(e.entity) ?? [])] } : e,
    );
    if (!categories)
      for (const [entity, retained] of held)
        if (!entities.some((e) => e.entity === entity)) entities.push(entityReceipt(entity, { retained }));
    return { ...own, entities };
  }

  /**
   * Places a legal hold here: on every record of the subject (`recordIds` null), or on those of
   * the named records that are the subject's here. The receipt lists what it now keeps.
   */
  hold(
    subjectId: string,
    requestId: string,
    holdId: string,
    reason: string,
    recordIds: readonly string[] | null,
    dryRun: boolean,
  ): Promise<PrivacyReceipt> {
    return this.run('hold', subjectId, requestId, dryRun, async (tx, op) => {
      const repo = tx.getRepository(LegalHoldEntity);
      const keys = recordIds ? [...(await ownKeys(tx, this.handlers.holdable, subjectId, recordIds))] : [null];
      const row = (recordId: string | null): LegalHoldEntity => ({
        id: randomUUID(),
        holdId,
        subjectId,
        recordId,
        reason,
        placedAt: op.at,
        releasedAt: null,
        releaseRequestId: null,
      });
      if (keys.length > 0) await repo.insert(keys.map(row));
      const held = await heldRecords(tx, this.handlers.holdable, subjectId, holdId);
      return {
        entities: [
          entityReceipt('LegalHold', { updated: keys.length }),
          ...[...held].map(([entity, retained]) => entityReceipt(entity, { retained })),
        ],
      };
    });
  }

  /**
   * Releases a hold here, then carries out the deferred part of the subject's erasures that ran
   * here (`erasures`, the ledger's ids): what they kept only because of this hold is erased now,
   * even though the subject is erased already. Records another hold still covers stay, named.
   */
  release(subjectId: string, requestId: string, holdId: string, erasures: readonly string[]): Promise<PrivacyReceipt> {
    return this.run('release', subjectId, requestId, false, async (tx, op) => {
      const released = await tx
        .getRepository(LegalHoldEntity)
        .update({ holdId, subjectId, releasedAt: IsNull() }, { releasedAt: op.at, releaseRequestId: requestId });
      const ran =
        erasures.length === 0
          ? []
          : await tx
              .getRepository(PrivacyOperationEntity)
              .findBy({ subjectId, operation: In(['erase', 'erase-part']), requestId: In([...erasures]) });
      const own = entityReceipt('LegalHold', { updated: released.affected ?? 0 });
      if (ran.length === 0) return { entities: [own], carriesOut: [] };
      // A whole erasure defers everything; partial ones only their categories.
      const whole = ran.some((r) => r.operation === 'erase');
      const categories = whole ? undefined : new Set(ran.flatMap((r) => receiptFromJson(r.receipt).categories ?? []));
      const deferred = await this.eraseHere(tx, { ...op, deferred: true, categories });
      return { ...deferred, entities: [own, ...deferred.entities], carriesOut: ran.map((r) => r.requestId).sort() };
    });
  }

  rectify(subjectId: string, requestId: string, changes: Changes): Promise<PrivacyReceipt> {
    return this.run('rectify', subjectId, requestId, false, (tx, op) => this.handlers.rectify(tx, op, changes));
  }

  restrict(
    subjectId: string,
    requestId: string,
    kind: RestrictionKind,
    scope: RestrictionScope,
  ): Promise<PrivacyReceipt> {
    return this.run('restrict', subjectId, requestId, false, async (tx, op) => {
      const active = await tx
        .getRepository(ProcessingRestrictionEntity)
        .findOneBy({ subjectId, kind, scope, liftedAt: IsNull() });
      if (!active) {
        await tx.getRepository(ProcessingRestrictionEntity).insert({
          id: randomUUID(),
          subjectId,
          kind,
          scope,
          requestId,
          since: op.at,
          liftedAt: null,
          liftRequestId: null,
        });
      }
      return {
        entities: [entityReceipt('ProcessingRestriction', { updated: active ? 0 : 1 })],
        recipients: await this.handlers.recipients?.(tx, subjectId),
      };
    });
  }

  /** Lifts the restrictions (not objections: the subject withdraws those by consenting) of this scope. */
  lift(subjectId: string, requestId: string, scope: RestrictionScope): Promise<PrivacyReceipt> {
    return this.run('lift', subjectId, requestId, false, async (tx, op) => {
      const result = await tx
        .getRepository(ProcessingRestrictionEntity)
        .update(
          { subjectId, kind: RestrictionKind.RESTRICTION, scope, liftedAt: IsNull() },
          { liftedAt: op.at, liftRequestId: requestId },
        );
      return {
        entities: [entityReceipt('ProcessingRestriction', { updated: result.affected ?? 0 })],
        recipients: await this.handlers.recipients?.(tx, subjectId),
      };
    });
  }

  /**
   * A consent granted or withdrawn. Granting also ends the subject's objections to that
   * processing here (they asked for it back); withdrawing takes them out of it wherever it needs
   * consent, which the processing lists read from the consent proof.
   */
  consent(subjectId: string, requestId: string, purpose: ConsentPurpose, granted: boolean): Promise<PrivacyReceipt> {
    return this.run('consent', subjectId, requestId, false, async (tx, op) => {
      const own = (await this.handlers.consent?.(tx, op, purpose, granted)) ?? { entities: [] };
      if (!granted) return own;
      const lifted = await tx
        .getRepository(ProcessingRestrictionEntity)
        .update(
          { subjectId, kind: RestrictionKind.OBJECTION, scope: purpose as string, liftedAt: IsNull() },
          { liftedAt: op.at, liftRequestId: requestId },
        );
      const objections = lifted.affected ? [entityReceipt('ProcessingRestriction', { updated: lifted.affected })] : [];
      return { entities: [...own.entities, ...objections], recipients: own.recipients };
    });
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
    return runRetention(this.subgraph, this.ds, this.policy, handler, runId, asOf, dryRun);
  }

  /** For an operation only one subgraph has (profile's consent): the same guarantees. */
  run(
    operation: ContractOperationName,
    subjectId: string,
    requestId: string,
    dryRun: boolean,
    work: (tx: EntityManager, op: ContractOperation) => Promise<ContractOutcome>,
    when?: Date,
  ): Promise<PrivacyReceipt> {
    return mutexFor(this.ds).run(async () => {
      try {
        return await this.ds.transaction(async (tx) => {
          const operations = tx.getRepository(PrivacyOperationEntity);
          // Done before under this request: the same receipt, nothing runs twice.
          const done = dryRun ? null : await operations.findOneBy({ requestId, operation });
          if (done) {
            if (done.subjectId !== subjectId)
              throw new GraphQLError('This request id was used for another subject.', {
                extensions: { code: 'BAD_USER_INPUT' },
              });
            return receiptFromJson(done.receipt);
          }
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
          const erased = AFTER_ERASURE.includes(operation)
            ? null
            : await operations.findOneBy({ subjectId, operation: 'erase' });
          const result = erased ? null : await work(tx, { subjectId, requestId, at, policy: this.policy });
          const made = result
            ? receipt(dryRun ? ReceiptOutcome.DRY_RUN : ReceiptOutcome.APPLIED, result)
            : receipt(ReceiptOutcome.SUBJECT_ERASED, { entities: [] });
          if (dryRun) throw new DryRunRollback(made);
          await operations.insert({ requestId, operation, subjectId, receipt: JSON.stringify(made), doneAt: at });
          return made;
        });
      } catch (error) {
        if (error instanceof DryRunRollback) return error.receipt;
        throw error;
      }
    });
  }
}

const contracts = new WeakMap<DataSource, PrivacyContract>();

/** The contract of this database, made once (its queue must be shared by all requests). */
export function privacyContractFor(
  subgraph: string,
  ds: DataSource,
  handlers: PrivacyHandlers,
  policy: PrivacyPolicy,
): PrivacyContract {
  let contract = contracts.get(ds);
  if (!contract) contracts.set(ds, (contract = new PrivacyContract(subgraph, ds, handlers, policy)));
  return contract;
}

export { RestrictionScope };
