import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { fail } from '../../../common/errors';
import * as input from '../../../common/validation';
import { appendAudit } from '../ledger/audit.store';
import { parseDetails } from '../ledger/request-details';
import { reasonText } from '../ledger/who-may';
import { LegalHoldEntity } from './entities/legal-hold.entity';
import type { HoldsContext } from './holds.context';
import { holdView } from './holds.resolver';
import { LegalHold } from './types/legal-hold.type';

/**
 * A hold whose disclosure to its subject would harm the claim it serves: a dpo marks it
 * confidential with the legal reason, and the subject's copy counts it without showing it.
 */
@Resolver()
export class ConfidentialHoldResolver {
  @Mutation(() => LegalHold, {
    description:
      "Marks a legal hold confidential: the subject's copy (access package) then shows it as a count only. legalReason is required and kept. dpo only.",
  })
  async markLegalHoldConfidential(
    @Ctx() ctx: HoldsContext,
    @Arg('id', () => ID) id: string,
    @Arg('legalReason') legalReason: string,
  ): Promise<LegalHold> {
    ctx.access.assertRole('mark a legal hold confidential', 'dpo');
    const holdId = input.holdId(id, 'id');
    const reason = reasonText(legalReason, 'legalReason', true) as string;
    const actor = ctx.access.principal.sub;
    const hold = await ctx.ledger.store.write(async (tx) => {
      const holds = tx.getRepository(LegalHoldEntity);
      const found = await holds.findOneBy({ id: holdId });
      if (!found) throw fail('NOT_FOUND', 'No legal hold with this id.');
      await holds.update({ id: holdId }, { confidentialReason: reason });
      // The requests that carried it name its reason: they leave the subject's record too.
      for (const requestId of [found.placeRequestId, found.releaseRequestId]) {
        if (requestId === null) continue;
        const request = await ctx.ledger.store.request(requestId, tx);
        if (!request) continue;
        const details = { ...parseDetails(request.details), confidentialReason: reason };
        await ctx.ledger.store.saveRequest(tx, requestId, { details: JSON.stringify(details) });
      }
      await appendAudit(tx, new Date(), [
        { requestId: found.placeRequestId, action: 'HOLD_MARKED_CONFIDENTIAL', actor, detail: { holdId } },
      ]);
      return { ...found, confidentialReason: reason };
    });
    return holdView(hold);
  }
}
