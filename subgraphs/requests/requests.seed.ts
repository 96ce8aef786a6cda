import type { EntityManager } from 'typeorm';
import type { DemoSubject } from '../../common/demo/plan';

/** The access log, the ledger and its audit log start empty: they record what happens, there is nothing to invent. */
export async function seedRequests(_db: EntityManager, _plan: readonly DemoSubject[], _now: Date): Promise<void> {}
