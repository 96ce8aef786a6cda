import { randomUUID } from 'node:crypto';
import type { Principal } from '../../../common/access';
import { DATA_SUBGRAPH_NAMES, type DataSubgraphName } from '../../../common/config';
import { badUserInput, fail, noSuchSubject } from '../../../common/errors';
import type { PrivacyReceipt } from '../../../common/privacy-contract/receipt';
import type { PrivacyPolicy } from '../../../policies';
import { ContractError, type ContractClient } from '../ledger/contract.client';
import { dueDate } from '../ledger/deadlines';
import type { LegalHoldEntity } from './entities/legal-hold.entity';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import type { HoldFilter, HoldsStore } from './holds.store';
import type { Ledger } from '../ledger/ledger';
import { newRequest, pendingLegs } from '../ledger/new-request';
import type { RequestDetails } from '../ledger/request-details';
import { OPEN_STATUSES, type RequestType } from '../ledger/request.enums';

/** What a hold covers: every record of the subject (the default), those in one subgraph, or named records. */
export interface HoldScope {
  subgraph: DataSubgraphName | null;
  recordIds: string[] | null;
}

export const scopeKind = (s: HoldScope): 'SUBJECT' | 'SUBGRAPH' | 'RECORDS' =>
  s.recordIds ? 'RECORDS' : s.subgraph ? 'SUBGRAPH' : 'SUBJECT';

/**
 * Legal holds (Art. 17(3)(e)) through the ledger. Placing one records the hold and a LEGAL_HOLD
 * request whose legs carry it to the data subgraphs concerned; releasing it records the release
 * and a HOLD_RELEASE request whose legs lift it there and carry out what the subject's earlier
 * erasures deferred because of it. Both are retried, resumed and audited like any request.
 */
export class HoldsService {
  constructor(
    private readonly ledger: Ledger,
    private readonly holds: HoldsStore,
    private readonly client: ContractClient,
    private readonly policy: PrivacyPolicy,
  ) {}

  list<T>(filter: HoldFilter, first: number, after: string | null | undefined, view: (h: LegalHoldEntity) => T) {
    return this.holds.list(filter, first, after, view);
  }

  hold(id: string): Promise<LegalHoldEntity | null> {
    return this.holds.hold(id);
  }

  async place(subjectId: string, reason: string, scope: HoldScope, principal: Principal): Promise<LegalHoldEntity> {
    const erased = await this.subjectErased(subjectId);
    const id = randomUUID();
    // What the hold would keep, asked of each subgraph concerned with a dry run: named records
    // that are not the subject's, or a hold that would keep nothing of an erased subject, are
    // refused before anything is written.
    const candidates = scope.subgraph ? [scope.subgraph] : [...DATA_SUBGRAPH_NAMES];
    const previews = await Promise.all(
      candidates.map(async (subgraph) => ({
        subgraph,
        receipt: await this.preview(subgraph, subjectId, id, reason, scope.recordIds),
      })),
    );
    const keeps = (r: PrivacyReceipt) => r.entities.some((e) => e.retained.length > 0);
    if (scope.recordIds) {
      const found = new Set(previews.flatMap((p) => heldKeys(p.receipt)));
      const missing = scope.recordIds.filter((r) => !found.has(r)).length;
      if (missing > 0)
        throw badUserInput(
          `${missing} of the named records ${missing === 1 ? 'is not a record' : 'are not records'} of this subject${scope.subgraph ? ` in ${scope.subgraph}` : ''}: nothing was held`,
          'input.scope.recordIds',
        );
    }
    if (erased && !previews.some((p) => keeps(p.receipt)))
      throw fail(
        'SUBJECT_ERASED',
        'This subject is erased and nothing of theirs is kept any more: there is nothing to hold.',
      );
    // Named records: only the subgraphs that hold some of them get a leg.
    const subgraphs = scope.recordIds
      ? previews.filter((p) => heldKeys(p.receipt).length > 0).map((p) => p.subgraph)
      : candidates;

    const now = new Date();
    const requestId = randomUUID();
    const hold: LegalHoldEntity = {
      id,
      subjectId,
      scope: scopeKind(scope),
      subgraph: scope.subgraph,
      recordIds: scope.recordIds ? JSON.stringify(scope.recordIds) : null,
      reason,
      placedBy: principal.sub,
      placedAt: now,
      placeRequestId: requestId,
      releasedAt: null,
      releasedBy: null,
      releaseReason: null,
      releaseRequestId: null,
      confidentialReason: null,
    };
    const details: RequestDetails = { holdId: id, holdReason: reason, recordIds: scope.recordIds };
    await this.ledger.store.write(async (tx) => {
      await this.holds.insert(tx, hold);
      const request = this.request(requestId, 'LEGAL_HOLD', subjectId, details, reason, principal, now);
      await this.ledger.record(
        tx,
        request,
        pendingLegs(requestId, subgraphs, now),
        [
          {
            requestId,
            action: 'RECEIVED',
            actor: principal.sub,
            detail: { type: 'LEGAL_HOLD', subjectId, holdId: id, scope: hold.scope, subgraphs },
          },
        ],
        now,
      );
    });
    await this.ledger.fanout.dispatch(requestId);
    return hold;
  }

  async release(id: string, reason: string, principal: Principal): Promise<LegalHoldEntity> {
    const now = new Date();
    const requestId = randomUUID();
    await this.ledger.store.write(async (tx) => {
      const hold = await this.holds.hold(id, tx);
      if (!hold) throw fail('NOT_FOUND', 'No legal hold with this id.');
      if (hold.releasedAt) throw fail('HOLD_RELEASED', 'This legal hold is released already: nothing changed.');
      const placing = await this.ledger.store.request(hold.placeRequestId, tx);
      // Its release could reach a subgraph before the hold itself does, and the hold would then stay.
      if (placing && OPEN_STATUSES.includes(placing.status) && placing.status !== 'FAILED')
        throw fail(
          'HOLD_PENDING',
          'This hold is still being placed in the subgraphs; release it once its request is done.',
        );
      const erasures = await this.holds.erasures(tx, hold.subjectId);
      const subgraphs = await this.holds.legSubgraphs(tx, hold.placeRequestId);
      const details: RequestDetails = { holdId: id, erasures };
      const request = this.request(requestId, 'HOLD_RELEASE', hold.subjectId, details, reason, principal, now);
      if (
        !(await this.holds.release(tx, id, {
          releasedAt: now,
          releasedBy: principal.sub,
          releaseReason: reason,
          releaseRequestId: requestId,
        }))
      )
        throw fail('HOLD_RELEASED', 'This legal hold is released already: nothing changed.');
      await this.ledger.record(
        tx,
        request,
        pendingLegs(requestId, subgraphs, now),
        [
          {
            requestId,
            action: 'RECEIVED',
            actor: principal.sub,
            detail: { type: 'HOLD_RELEASE', subjectId: hold.subjectId, holdId: id, erasures, subgraphs },
          },
        ],
        now,
      );
    });
    await this.ledger.fanout.dispatch(requestId);
    const released = await this.holds.hold(id);
    if (!released) throw new Error(`hold ${id} vanished from the ledger`);
    return released;
  }

  /** Null: no such subject (NOT_FOUND is thrown); otherwise whether it is erased. */
  private async subjectErased(subjectId: string): Promise<boolean> {
    let status: string | null;
    try {
      status = await this.client.subjectStatus(subjectId, randomUUID());
    } catch (error) {
      if (error instanceof ContractError && error.code === 'SUBGRAPH_UNAVAILABLE')
        throw fail(
          'SUBGRAPH_UNAVAILABLE',
          'The profile service did not answer, so the subject could not be checked; nothing was recorded. Try again.',
        );
      throw error;
    }
    if (status === null) throw noSuchSubject();
    return status === 'ERASED';
  }

  private async preview(
    subgraph: DataSubgraphName,
    subjectId: string,
    holdId: string,
    reason: string,
    recordIds: string[] | null,
  ): Promise<PrivacyReceipt> {
    try {
      return await this.client.call(subgraph, subjectId, randomUUID(), {
        operation: 'hold',
        holdId,
        reason,
        recordIds,
        dryRun: true,
      });
    } catch (error) {
      if (error instanceof ContractError && error.retry)
        throw fail(
          'SUBGRAPH_UNAVAILABLE',
          `The ${subgraph} service did not answer, so the hold could not be checked; nothing was recorded. Try again.`,
        );
      throw error;
    }
  }

  /** A hold's request: the dpo's act, which tells the subject nothing (no addressee). */
  private request(
    id: string,
    type: RequestType,
    subjectId: string,
    details: RequestDetails,
    reason: string,
    principal: Principal,
    now: Date,
  ): RightsRequestEntity {
    return newRequest({
      id,
      type,
      subjectId,
      details,
      reason,
      submittedBy: principal.sub,
      receivedAt: now,
      dueAt: dueDate(this.policy, type, now),
      now,
    });
  }
}

/** The keys a hold's receipt says it holds: the ids of the records it keeps, but a ticket's messages. */
function heldKeys(receipt: PrivacyReceipt): string[] {
  return receipt.entities.filter((e) => e.entity !== 'SupportMessage').flatMap((e) => e.retained.map((r) => r.id));
}
