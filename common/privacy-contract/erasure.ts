import type { EntityManager } from 'typeorm';
import type { ContractOperation, ContractOutcome, PrivacyHandlers } from './contract.handlers';
import { ContractStore } from './contract.store';
import { heldRecords } from './holds.sql';
import { entityReceipt, type EntityReceipt } from './receipt';

/**
 * An erasure's work, whole or (`op.categories`) partial, and a release's deferred part: the
 * handler deletes what is not held (its statements exclude held records), and the receipt lists,
 * per entity, each record a hold kept, naming the hold.
 */
export async function eraseHere(
  tx: EntityManager,
  handlers: PrivacyHandlers,
  op: ContractOperation,
): Promise<ContractOutcome> {
  // No hold here (read with the operation's record): nothing kept to list, no statement.
  const held =
    op.holdsHere === false ? new Map<string, never>() : await heldRecords(tx, handlers.holdable, op.subjectId);
  const categories = op.categories;
  let own: ContractOutcome;
  if (categories) {
    // The subject stays: their restrictions and objections stay in force.
    own = await handlers.eraseCategories(tx, { ...op, categories });
  } else {
    const erased = await handlers.erase(tx, op);
    // A restriction or objection only steers the processing of a subject who is no more here.
    const restrictions = await new ContractStore(tx).deleteRestrictions(op.subjectId);
    own = {
      ...erased,
      entities: [...erased.entities, entityReceipt('ProcessingRestriction', { deleted: restrictions })],
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
