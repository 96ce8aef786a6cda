import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ContractOperation, ContractOutcome, PrivacyHandlers } from './contract.handlers';
import { ContractStore } from './contract.store';
import { eraseHere } from './erasure';
import { heldRecords, ownKeys } from './holds.sql';
import type { LegalHoldEntity } from './legal-hold.entity';
import { entityReceipt, receiptFromJson } from './receipt';

/** A hold as the ledger places it: on the named records of the subject, or (null) on all of them. */
export interface HoldAsked {
  holdId: string;
  reason: string;
  recordIds: readonly string[] | null;
}

/**
 * Places a legal hold here: on every record of the subject (`recordIds` null), or on those of
 * the named records that are the subject's here. The receipt lists what it now keeps.
 */
export async function placeHold(
  tx: EntityManager,
  handlers: PrivacyHandlers,
  op: ContractOperation,
  { holdId, reason, recordIds }: HoldAsked,
): Promise<ContractOutcome> {
  const keys = recordIds ? [...(await ownKeys(tx, handlers.holdable, op.subjectId, recordIds))] : [null];
  const row = (recordId: string | null): LegalHoldEntity => ({
    id: randomUUID(),
    holdId,
    subjectId: op.subjectId,
    recordId,
    reason,
    placedAt: op.at,
    releasedAt: null,
    releaseRequestId: null,
  });
  if (keys.length > 0) await new ContractStore(tx).placeHolds(keys.map(row));
  const held = await heldRecords(tx, handlers.holdable, op.subjectId, holdId);
  return {
    entities: [
      entityReceipt('LegalHold', { updated: keys.length }),
      ...[...held].map(([entity, retained]) => entityReceipt(entity, { retained })),
    ],
  };
}

/**
 * Releases a hold here, then carries out the deferred part of the subject's erasures that ran
 * here (`erasures`, the ledger's ids): what they kept only because of this hold is erased now,
 * even though the subject is erased already. Records another hold still covers stay, named.
 */
export async function releaseHold(
  tx: EntityManager,
  handlers: PrivacyHandlers,
  op: ContractOperation,
  holdId: string,
  erasures: readonly string[],
): Promise<ContractOutcome> {
  const store = new ContractStore(tx);
  const released = await store.releaseHold(op.subjectId, holdId, op.at, op.requestId);
  const ran = erasures.length === 0 ? [] : await store.erasuresDone(op.subjectId, erasures);
  const own = entityReceipt('LegalHold', { updated: released });
  if (ran.length === 0) return { entities: [own], carriesOut: [] };
  // A whole erasure defers everything; partial ones only their categories.
  const whole = ran.some((r) => r.operation === 'erase');
  const categories = whole ? undefined : new Set(ran.flatMap((r) => receiptFromJson(r.receipt).categories ?? []));
  const deferred = await eraseHere(tx, handlers, { ...op, deferred: true, categories });
  return { ...deferred, entities: [own, ...deferred.entities], carriesOut: ran.map((r) => r.requestId).sort() };
}
