import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { rowsByKeys, rowsByKeysIn } from '../../../common/batch-read';
import { insertMany } from '../../../common/batch-write';
import { writeTransaction } from '../../../common/mutex';
import { afterKeyset } from '../../../common/connection';
import { RequestLegEntity } from './entities/request-leg.entity';
import { RightsRequestEntity } from './entities/rights-request.entity';
import { updateLegs } from './legs.sql';
import { OPEN_STATUSES, type RequestType } from './request.enums';

/** What makes a leg wait, as the worker's SQL binds it (registry.ts). */
export interface DueRules {
  /** For these types, every leg but `leg` waits until `leg` is done. */
  firsts: ReadonlyArray<{ leg: string; types: readonly RequestType[] }>;
  /** Conditions on the leg `l` and its request `r`, true while the leg must wait. */
  gates: ReadonlyArray<{ sql: string; params: Record<string, unknown> }>;
}

/** All the SQL of the rights-request ledger. Writes go through `write`: one at a time, in one transaction. */
export class LedgerStore {
  constructor(private readonly ds: DataSource) {}

  /** Reads outside any transaction. */
  get reader(): EntityManager {
    return this.ds.manager;
  }

  write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return writeTransaction(this.ds, work);
  }

  /**
   * Locks a request's row until the transaction ends (MySQL; SQLite's writers are queued
   * already), as its first statement: what is read after it, its legs, is then what the writer
   * before committed. Two legs of one request finishing at once (two replicas, or one process's
   * pool) then settle the request one after the other, and the second sees both legs done.
   */
  async lockRequest(tx: EntityManager, id: string): Promise<void> {
    if (tx.connection.options.type === 'mysql')
      await tx.query('SELECT id FROM rights_request WHERE id = ? FOR UPDATE', [id]);
  }

  /**
   * A request's row, locked until the transaction ends (MySQL; SQLite's writers are queued
   * already): lockRequest and the read of the row in one statement, for the writers that need
   * both (a claim, a leg's outcome). What is read after it is what the writer before committed.
   */
  async lockedRequest(tx: EntityManager, id: string): Promise<RightsRequestEntity | null> {
    // Without the query builder (decision 362): a claim's and every outcome's first statement.
    const [row] = await rowsByKeysIn(tx, RightsRequestEntity, 'id', [id], { lock: true });
    return row ?? null;
  }

  /** Written without the query builder (batch-write.ts): every request's first two statements. */
  async insertRequest(tx: EntityManager, request: RightsRequestEntity, legs: RequestLegEntity[]): Promise<void> {
    await insertMany(tx, RightsRequestEntity, [request]);
    await insertMany(tx, RequestLegEntity, legs);
  }

  /** Outside a transaction without the query builder (batch-read.ts): every answer about a request reads it. */
  async request(id: string, db?: EntityManager): Promise<RightsRequestEntity | null> {
    const [row] = db
      ? await rowsByKeysIn(db, RightsRequestEntity, 'id', [id])
      : await rowsByKeys(this.ds, RightsRequestEntity, 'id', [id]);
    return row ?? null;
  }

  requestsByIds(ids: readonly string[]): Promise<RightsRequestEntity[]> {
    return rowsByKeys(this.ds, RightsRequestEntity, 'id', ids);
  }

  /** Newest first per subject. */
  requestsBySubjects(subjectIds: readonly string[]): Promise<RightsRequestEntity[]> {
    return rowsByKeys(this.ds, RightsRequestEntity, 'subjectId', subjectIds, { receivedAt: 'DESC', id: 'ASC' });
  }

  legsByRequests(requestIds: readonly string[], db?: EntityManager): Promise<RequestLegEntity[]> {
    const order = { requestId: 'ASC', subgraph: 'ASC' } as const;
    // Without the query builder (decision 362): read in every claim and every outcome.
    if (db) return rowsByKeysIn(db, RequestLegEntity, 'requestId', requestIds, { order });
    return rowsByKeys(this.ds, RequestLegEntity, 'requestId', requestIds, order);
  }

  /**
   * The subject's live request of this kind (an erasure of everything, a closure, a running
   * warning or contact), if any: the unique index allows one (rights-request.entity.ts).
   */
  live(subjectId: string, kind: RequestType): Promise<RightsRequestEntity | null> {
    // The subject's requests by their index, without the query builder (decision 362): every
    // submission asks, a subject has few, and the one asked for is among them.
    return rowsByKeys(this.ds, RightsRequestEntity, 'subjectId', [subjectId]).then(
      (rows) => rows.find((r) => r.type === kind && r.liveKind === kind) ?? null,
    );
  }

  /** The subject's open export of this kind (ACCESS or PORTABILITY), if any: one at a time. */
  liveExport(subjectId: string, type: RequestType, db: EntityManager = this.ds.manager) {
    return db.getRepository(RightsRequestEntity).findOneBy({ subjectId, liveExport: type });
  }

  requestByConfirmation(hash: string): Promise<RightsRequestEntity | null> {
    return this.ds.getRepository(RightsRequestEntity).findOneBy({ confirmationHash: hash });
  }

  async saveRequest(tx: EntityManager, id: string, changes: Partial<RightsRequestEntity>): Promise<void> {
    await tx.getRepository(RightsRequestEntity).update({ id }, changes);
  }

  async saveLeg(
    tx: EntityManager,
    requestId: string,
    subgraph: string,
    changes: Partial<RequestLegEntity>,
  ): Promise<void> {
    await tx.getRepository(RequestLegEntity).update({ requestId, subgraph }, changes);
  }

  /**
   * Writes what several legs of a request became, in one UPDATE: each column a `CASE` on the
   * subgraph, kept as it is for a leg whose changes do not name it. (A leg outcome writes the
   * legs of an attempt together: one statement, not one per leg.)
   */
  async saveLegs(
    tx: EntityManager,
    requestId: string,
    legs: ReadonlyArray<{ subgraph: string; changes: Partial<RequestLegEntity> }>,
  ): Promise<void> {
    if (legs.length > 1) return updateLegs(tx, requestId, legs);
    for (const { subgraph, changes } of legs) await this.saveLeg(tx, requestId, subgraph, changes);
  }

  /**
   * Takes a leg for one attempt: only if it is pending, due, and nobody holds it (a lease that
   * ran out, from a worker that crashed, counts as nobody). The UPDATE is the lock.
   */
  async claimLeg(
    tx: EntityManager,
    requestId: string,
    subgraph: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<boolean> {
    return (await this.claimLegs(tx, requestId, [subgraph], now, leaseUntil)) > 0;
  }

  /**
   * Takes these legs of a request for one attempt, in one statement, with the same conditions as
   * `claimLeg` for each: pending, due, held by nobody. How many it took. The caller has locked
   * the request's row and read its legs (Fanout.claim), so a leg it names is one it saw free; a
   * writer that changes legs without that lock (a rejection) may still take one away first.
   */
  async claimLegs(
    tx: EntityManager,
    requestId: string,
    subgraphs: readonly string[],
    now: Date,
    leaseUntil: Date,
  ): Promise<number> {
    if (subgraphs.length === 0) return 0;
    const result = await tx
      .createQueryBuilder()
      .update(RequestLegEntity)
      .set({ claimedUntil: leaseUntil, attempts: () => 'attempts + 1', updatedAt: now })
      .where('request_id = :requestId AND subgraph IN (:...subgraphs) AND status = :pending', {
        requestId,
        subgraphs,
        pending: 'PENDING',
      })
      .andWhere('next_attempt_at <= :now', { now })
      .andWhere(new Brackets((b) => b.where('claimed_until IS NULL').orWhere('claimed_until < :now', { now })))
      .execute();
    return result.affected ?? 0;
  }

  /**
   * Extends the lease of a leg still pending and still held as `heldUntil` (the lease the attempt
   * took or last extended): false when it lapsed and another attempt took it, or the leg is settled.
   */
  async renewLease(
    tx: EntityManager,
    requestId: string,
    subgraph: string,
    heldUntil: Date,
    leaseUntil: Date,
  ): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(RequestLegEntity)
      .set({ claimedUntil: leaseUntil })
      .where('request_id = :requestId AND subgraph = :subgraph AND status = :pending', {
        requestId,
        subgraph,
        pending: 'PENDING',
      })
      .andWhere('claimed_until = :heldUntil', { heldUntil })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * The legs the worker can run now, oldest due first, at most `limit`: pending, due, not claimed,
   * of an open request that waits for nothing (no email code outstanding, its first leg done
   * where one goes first, no gate holding it). A leg that must wait is left out by this one
   * statement, so it never takes a place in the window: a thousand email changes awaiting their
   * code cost this statement and delay nobody's retry. `rules` are the registry's (registry.ts).
   */
  dueLegs(now: Date, limit: number, rules: DueRules): Promise<RequestLegEntity[]> {
    const q = this.ds
      .getRepository(RequestLegEntity)
      .createQueryBuilder('l')
      .innerJoin(RightsRequestEntity, 'r', 'r.id = l.request_id')
      .where('l.status = :pending AND l.next_attempt_at <= :now', { pending: 'PENDING', now })
      .andWhere('(l.claimed_until IS NULL OR l.claimed_until < :now)')
      .andWhere('r.status IN (:...open) AND r.awaiting_confirmation = :no', { open: OPEN_STATUSES, no: false });
    rules.firsts.forEach(({ leg, types }, i) =>
      q.andWhere(
        `NOT (r.type IN (:...firstTypes${i}) AND l.subgraph <> :firstLeg${i} AND EXISTS (
           SELECT 1 FROM request_leg f${i}
           WHERE f${i}.request_id = l.request_id AND f${i}.subgraph = :firstLeg${i} AND f${i}.status <> :done))`,
        { [`firstTypes${i}`]: types, [`firstLeg${i}`]: leg, done: 'DONE' },
      ),
    );
    for (const gate of rules.gates) q.andWhere(`NOT (${gate.sql})`, gate.params);
    return q
      .orderBy('l.next_attempt_at', 'ASC')
      .addOrderBy('l.request_id', 'ASC')
      .addOrderBy('l.subgraph', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * Open requests received before `before` that may be stalled, oldest first: all but those whose
   * email code is still valid (the largest group that waits, and only for its subject). The
   * watchdog (watchdog.ts) decides from their legs. One statement.
   */
  openReceivedBefore(
    before: Date,
    now: Date,
    page: { after: { receivedAt: Date; id: string } | null; take: number },
  ): Promise<RightsRequestEntity[]> {
    const q = this.ds
      .getRepository(RightsRequestEntity)
      .createQueryBuilder('r')
      .where('r.status IN (:...open) AND r.received_at < :before', { open: OPEN_STATUSES, before })
      .andWhere('NOT (r.awaiting_confirmation = :yes AND r.confirmation_expires_at > :now)', { yes: true, now });
    if (page.after) afterKeyset(q, ['r.received_at', 'r.id'], 'ASC', [page.after.receivedAt, page.after.id]);
    return q.orderBy('r.received_at', 'ASC').addOrderBy('r.id', 'ASC').take(page.take).getMany();
  }
}
