import { In, IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import { cursorDate, keysetPage, type Keyset, type Page } from '../../../common/connection';
import { LegalHoldEntity } from './entities/legal-hold.entity';
import { RequestLegEntity } from '../ledger/entities/request-leg.entity';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import type { RequestType } from '../ledger/request.enums';

export interface HoldFilter {
  subjectId?: string;
  active?: boolean;
}

/** Newest placed first, then id. */
const NEWEST: Keyset<LegalHoldEntity> = {
  columns: ['h.placed_at', 'h.id'],
  direction: 'DESC',
  key: (h) => [h.placedAt.toISOString(), h.id],
  params: ([at, id]) => [cursorDate(at), String(id)],
};

/** The SQL of the ledger's legal holds. Writes run inside the ledger's transaction (LedgerStore.write). */
export class HoldsStore {
  constructor(private readonly ds: DataSource) {}

  hold(id: string, db: EntityManager = this.ds.manager): Promise<LegalHoldEntity | null> {
    return db.getRepository(LegalHoldEntity).findOneBy({ id });
  }

  /** Newest first. */
  list<T>(
    filter: HoldFilter,
    first: number,
    after: string | null | undefined,
    view: (h: LegalHoldEntity) => T,
  ): Promise<Page<T>> {
    const q = this.ds.getRepository(LegalHoldEntity).createQueryBuilder('h');
    if (filter.subjectId) q.andWhere('h.subject_id = :subjectId', { subjectId: filter.subjectId });
    if (filter.active === true) q.andWhere('h.released_at IS NULL');
    if (filter.active === false) q.andWhere('h.released_at IS NOT NULL');
    return keysetPage(q, NEWEST, first, after, view);
  }

  async insert(tx: EntityManager, hold: LegalHoldEntity): Promise<void> {
    await tx.getRepository(LegalHoldEntity).insert(hold);
  }

  /** Marks the hold released, only if it is not already: false when another release came first. */
  async release(tx: EntityManager, id: string, changes: Partial<LegalHoldEntity>): Promise<boolean> {
    const result = await tx.getRepository(LegalHoldEntity).update({ id, releasedAt: IsNull() }, changes);
    return (result.affected ?? 0) > 0;
  }

  /** The subject's erasures that count (any but a rejected one): what a release may have to finish. */
  async erasures(tx: EntityManager, subjectId: string): Promise<string[]> {
    const rows = await tx.getRepository(RightsRequestEntity).find({
      select: { id: true },
      where: { subjectId, type: 'ERASURE' satisfies RequestType, status: Not('REJECTED') },
      order: { receivedAt: 'ASC', id: 'ASC' },
    });
    return rows.map((r) => r.id);
  }

  /** The subgraphs a request has legs in. */
  async legSubgraphs(tx: EntityManager, requestId: string): Promise<string[]> {
    const legs = await tx.getRepository(RequestLegEntity).find({ select: { subgraph: true }, where: { requestId } });
    return legs.map((l) => l.subgraph);
  }

  /**
   * Which of these subgraphs have a LEGAL_HOLD leg still to run (for this subject, or for anyone):
   * an erasure's or a sweep's leg there waits for it, so that it never deletes what a hold placed
   * before it covers. One statement for all the legs of an attempt.
   */
  async holdsPendingIn(
    tx: EntityManager,
    subgraphs: readonly string[],
    subjectId: string | null,
  ): Promise<Set<string>> {
    if (subgraphs.length === 0) return new Set();
    const q = tx
      .getRepository(RequestLegEntity)
      .createQueryBuilder('l')
      .select('DISTINCT l.subgraph', 'subgraph')
      .innerJoin(RightsRequestEntity, 'r', 'r.id = l.request_id')
      .where('l.subgraph IN (:...subgraphs) AND l.status = :pending AND r.type = :type', {
        subgraphs,
        pending: 'PENDING',
        type: 'LEGAL_HOLD' satisfies RequestType,
      });
    if (subjectId) q.andWhere('r.subject_id = :subjectId', { subjectId });
    return new Set((await q.getRawMany<{ subgraph: string }>()).map((r) => r.subgraph));
  }

  holdsByIds(ids: readonly string[]): Promise<LegalHoldEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(LegalHoldEntity).findBy({ id: In([...ids]) });
  }

  /** The LEGAL_HOLD legs still to run: whose hold and where (few, and short-lived). One statement. */
  async pendingHoldLegs(): Promise<Array<{ subjectId: string; subgraph: string }>> {
    const rows = await this.ds
      .getRepository(RequestLegEntity)
      .createQueryBuilder('h')
      .innerJoin(RightsRequestEntity, 'hr', 'hr.id = h.request_id')
      .select(['hr.subject_id AS subjectId', 'h.subgraph AS subgraph'])
      .where('h.status = :pending AND hr.type = :legalHold', { pending: 'PENDING', legalHold: 'LEGAL_HOLD' })
      .getRawMany<{ subjectId: string; subgraph: string }>();
    return rows.map((r) => ({ subjectId: r.subjectId, subgraph: r.subgraph }));
  }
}
