import type { EntityManager } from 'typeorm';
import type { ContractOperation, ContractOutcome, PrivacyHandlers } from './contract.handlers';
import { ContractStore } from './contract.store';
import { type ConsentPurpose, RestrictionKind, type RestrictionScope } from './processing';
import { entityReceipt } from './receipt';

/** Records a restriction (Art. 18) or objection (Art. 21) of one scope, unless one is active; tells its recipients. */
export async function restrict(
  tx: EntityManager,
  handlers: PrivacyHandlers,
  op: ContractOperation,
  kind: RestrictionKind,
  scope: RestrictionScope,
  categories: readonly string[] | null = null,
): Promise<ContractOutcome> {
  const store = new ContractStore(tx);
  const named = categories && categories.length > 0 ? [...new Set(categories)].sort().join(',') : null;
  const key = { subjectId: op.subjectId, kind, scope, categories: named };
  const active = await store.isRestricted(key);
  if (!active) await store.addRestriction(key, op.requestId, op.at);
  await handlers.processingStopped?.(tx, op, scope);
  return {
    entities: [entityReceipt('ProcessingRestriction', { updated: active ? 0 : 1 })],
    recipients: await handlers.recipients?.(tx, op.subjectId),
  };
}

/** Lifts the restrictions (not objections: the subject withdraws those by consenting) of this scope. */
export async function lift(
  tx: EntityManager,
  handlers: PrivacyHandlers,
  op: ContractOperation,
  scope: RestrictionScope,
): Promise<ContractOutcome> {
  const key = { subjectId: op.subjectId, kind: RestrictionKind.RESTRICTION, scope };
  const lifted = await new ContractStore(tx).lift(key, op.at, op.requestId);
  return {
    entities: [entityReceipt('ProcessingRestriction', { updated: lifted })],
    recipients: await handlers.recipients?.(tx, op.subjectId),
  };
}

/**
 * A refused objection (O36, V46): the objection this same request recorded here ends, and the
 * processing may include the subject again. Objections of other requests stay.
 */
export async function unobject(
  tx: EntityManager,
  handlers: PrivacyHandlers,
  op: ContractOperation,
): Promise<ContractOutcome> {
  const lifted = await new ContractStore(tx).liftObjection(op.subjectId, op.requestId, op.at);
  return {
    entities: [entityReceipt('ProcessingRestriction', { updated: lifted })],
    recipients: await handlers.recipients?.(tx, op.subjectId),
  };
}

/**
 * A consent granted or withdrawn. Granting also ends the subject's objections to that
 * processing here (they asked for it back); withdrawing takes them out of it wherever it needs
 * consent, which the processing lists read from the consent proof.
 */
export async function consent(
  tx: EntityManager,
  handlers: PrivacyHandlers,
  op: ContractOperation,
  purpose: ConsentPurpose,
  granted: boolean,
): Promise<ContractOutcome> {
  const own = (await handlers.consent?.(tx, op, purpose, granted)) ?? { entities: [] };
  if (!granted) return own;
  const key = { subjectId: op.subjectId, kind: RestrictionKind.OBJECTION, scope: purpose as string };
  const lifted = await new ContractStore(tx).lift(key, op.at, op.requestId);
  const objections = lifted ? [entityReceipt('ProcessingRestriction', { updated: lifted })] : [];
  return { entities: [...own.entities, ...objections], recipients: own.recipients };
}
