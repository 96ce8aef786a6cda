import { randomUUID } from 'node:crypto';
import { In, IsNull, type EntityManager } from 'typeorm';
import { changeRows, insertMany } from '../batch-write';
import { LegalHoldEntity } from './legal-hold.entity';
import { PrivacyOperationEntity } from './privacy-operation.entity';
import { RestrictionKind } from './processing';
import { ProcessingRestrictionEntity } from './restriction.entity';

/** An active restriction or objection, as `privacyRestrict` names it. */
export interface RestrictionKey {
  subjectId: string;
  kind: RestrictionKind;
  scope: string;
  /** The contested categories, comma-separated and sorted; null: a restriction of processing only. */
  categories?: string | null;
}

/** An operation recorded done: whose it was, and its receipt as stored. */
export type DoneOperation = Pick<PrivacyOperationEntity, 'subjectId' | 'receipt'>;

/** What an operation finds before it runs (ContractStore.before). */
export interface Before {
  done: DoneOperation | null;
  erasedHere: boolean;
  holdsHere: boolean;
}

/** Not an operation name (those are words): the mark of an active hold's row in `before`'s answer. */
const HELD = '#held';

/**
 * The privacy contract's own SQL, inside the operation's transaction: its idempotency and proof
 * rows (`privacy_operation`), the restrictions and objections, the legal holds. What each
 * subgraph deletes or anonymises of its own tables is in its `<name>.privacy.store.ts`.
 */
export class ContractStore {
  constructor(private readonly tx: EntityManager) {}

  /**
   * What an operation finds recorded before it, in one statement: the operation done under its
   * request (or run) id, if any, whether the subject's (whole) erasure ran here (decision 34:
   * nothing may bring their data back then), and whether an active legal hold covers anything of
   * theirs here (an erasure then lists what it keeps; without one it has nothing to look up,
   * decision 360). Ids are lower-case UUIDs (validation.ts), compared without case as the
   * database does. Written by hand: it runs once per contract operation (decision 283).
   */
  async before(key: { requestId: string; operation: string; subjectId: string; run?: boolean }): Promise<Before> {
    // A sweep's run has no holds to look up (and the ledger, which sweeps too, has no such table).
    const holds = key.run
      ? ''
      : ` UNION ALL SELECT NULL, '${HELD}', NULL, NULL FROM legal_hold WHERE subject_id = ? AND released_at IS NULL`;
    const rows = await this.tx.query<Array<DoneOperation & { operation: string; requestId: string | null }>>(
      `SELECT request_id AS requestId, operation, subject_id AS subjectId, receipt FROM privacy_operation
        WHERE (request_id = ? AND operation = ?) OR (subject_id = ? AND operation = 'erase')${holds}`,
      [key.requestId, key.operation, key.subjectId, ...(key.run ? [] : [key.subjectId])],
    );
    const same = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();
    return {
      done: rows.find((r) => r.operation === key.operation && same(r.requestId, key.requestId)) ?? null,
      erasedHere: rows.some((r) => r.operation === 'erase' && same(r.subjectId, key.subjectId)),
      holdsHere: rows.some((r) => r.operation === HELD),
    };
  }

  /** The operation done before under this request (or run) id, if any. */
  done(requestId: string, operation: string): Promise<PrivacyOperationEntity | null> {
    return this.tx.getRepository(PrivacyOperationEntity).findOneBy({ requestId, operation });
  }

  /** Its row written as the export's access log rows are, without the query builder (batch-write.ts). */
  async recordDone(row: PrivacyOperationEntity): Promise<void> {
    await insertMany(this.tx, PrivacyOperationEntity, [row]);
  }

  /** When the account was closed, as this subgraph recorded it (its first `close` row); null if never. */
  async closedAt(subjectId: string): Promise<Date | null> {
    const row = await this.tx
      .getRepository(PrivacyOperationEntity)
      .findOne({ where: { subjectId, operation: 'close' }, order: { doneAt: 'ASC' } });
    return row?.doneAt ?? null;
  }

  /** Which of these erasures (ledger request ids), whole or partial, ran here for the subject. */
  erasuresDone(subjectId: string, requestIds: readonly string[]): Promise<PrivacyOperationEntity[]> {
    return this.tx
      .getRepository(PrivacyOperationEntity)
      .findBy({ subjectId, operation: In(['erase', 'erase-part']), requestId: In([...requestIds]) });
  }

  async deleteRestrictions(subjectId: string): Promise<number> {
    return changeRows(this.tx, 'DELETE FROM processing_restriction WHERE subject_id = :subjectId', { subjectId });
  }

  async isRestricted(key: RestrictionKey): Promise<boolean> {
    const active = await this.tx
      .getRepository(ProcessingRestrictionEntity)
      .findOneBy({ ...key, categories: key.categories ?? IsNull(), liftedAt: IsNull() });
    return active !== null;
  }

  async addRestriction(key: RestrictionKey, requestId: string, since: Date): Promise<void> {
    await this.tx.getRepository(ProcessingRestrictionEntity).insert({
      id: randomUUID(),
      ...key,
      categories: key.categories ?? null,
      requestId,
      since,
      liftedAt: null,
      liftRequestId: null,
    });
  }

  /** Lifts the active restrictions or objections (`kind`) of one scope, with or without categories; how many. */
  async lift(key: RestrictionKey, liftedAt: Date, liftRequestId: string): Promise<number> {
    // Whatever categories they name: lifting a scope restores the data restricted under it.
    const { subjectId, kind, scope } = key;
    const result = await this.tx
      .getRepository(ProcessingRestrictionEntity)
      .update({ subjectId, kind, scope, liftedAt: IsNull() }, { liftedAt, liftRequestId });
    return result.affected ?? 0;
  }

  /** Lifts the active objection this request recorded (it was refused); how many. */
  async liftObjection(subjectId: string, requestId: string, liftedAt: Date): Promise<number> {
    const result = await this.tx
      .getRepository(ProcessingRestrictionEntity)
      .update(
        { subjectId, requestId, kind: RestrictionKind.OBJECTION, liftedAt: IsNull() },
        { liftedAt, liftRequestId: requestId },
      );
    return result.affected ?? 0;
  }

  async placeHolds(rows: LegalHoldEntity[]): Promise<void> {
    await this.tx.getRepository(LegalHoldEntity).insert(rows);
  }

  /** Releases the subject's active rows of a hold; how many. */
  async releaseHold(subjectId: string, holdId: string, releasedAt: Date, releaseRequestId: string): Promise<number> {
    const result = await this.tx
      .getRepository(LegalHoldEntity)
      .update({ holdId, subjectId, releasedAt: IsNull() }, { releasedAt, releaseRequestId });
    return result.affected ?? 0;
  }
}
