import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { correctedDescription } from '../../../common/privacy-contract';
import * as input from '../../../common/validation';
import { identityVerification } from '../ledger/identity';
import { currentView, type RequestView } from '../ledger/request.view';
import { DataSubjectRequest } from '../ledger/types/data-subject-request.type';
import { reasonText } from '../ledger/who-may';
import type { RightsContext } from '../rights/rights.context';
import { CorrectArchivedRecordInput } from './archived.input';

/** Corrections of archived records through support (O35), checked before anything is written. */
@Resolver()
export class ArchivedResolver {
  @Mutation(() => DataSubjectRequest, {
    description:
      "O35: support (or the dpo) corrects an issued invoice's wording, as an ARCHIVE_CORRECTION request: the correction is recorded beside the invoice, which keeps its number, date, amount and description as issued, and shows with it (Invoice.corrections) in the subject's export. The invoice must be the subject's (NOT_FOUND otherwise); bad input records nothing.",
  })
  async correctArchivedRecord(
    @Ctx() ctx: RightsContext,
    @Arg('input', () => CorrectArchivedRecordInput) args: CorrectArchivedRecordInput,
  ): Promise<RequestView> {
    ctx.access.assertRole('correct an archived record', 'support', 'dpo');
    const subjectId = input.subjectId(args.subjectId, 'input.subjectId');
    const invoiceId = input.recordId(args.invoiceId, 'input.invoiceId');
    const description = correctedDescription(args.description, 'input.description');
    const reason = reasonText(args.reason, 'input.reason', true) as string;
    const { principal } = ctx.access;
    // Staff enter it for the subject: how the identity was verified is always said (decision 140).
    const identity = identityVerification(principal, subjectId, args.identityVerification, true, new Date());
    const id = await ctx.rights.archived.submit({
      subjectId,
      invoiceId,
      description,
      reason,
      identity,
      principal,
      idempotencyKey: ctx.idempotencyKey,
    });
    return currentView(ctx.ledger.store, id);
  }
}
