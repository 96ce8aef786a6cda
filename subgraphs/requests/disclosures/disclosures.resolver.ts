import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { namedCategories } from '../../../common/privacy-contract/categories';
import * as input from '../../../common/validation';
import type { ExportsContext } from '../access-package/access.context';
import type { RequestDetails } from '../ledger/request-details';
import { currentView, type RequestView } from '../ledger/request.view';
import { DataSubjectRequest } from '../ledger/types/data-subject-request.type';
import { reasonText } from '../ledger/who-may';
import { RecordDisclosureInput } from './disclosure.input';

/** A disclosure to an authority: recorded by a dpo, checked before anything is written. */
@Resolver()
export class DisclosuresResolver {
  @Mutation(() => DataSubjectRequest, {
    description:
      'Records a disclosure to an authority on a legal requisition (dpo) as a DISCLOSURE request: legalBasis and reference required, only the categories named; the subject is told by mail unless tellSubject is false, which needs reasonNotTold. Bad input records nothing.',
  })
  async recordDisclosure(
    @Ctx() ctx: ExportsContext,
    @Arg('input', () => RecordDisclosureInput) args: RecordDisclosureInput,
  ): Promise<RequestView> {
    ctx.access.assertRole('record a disclosure', 'dpo');
    const subjectId = input.subjectId(args.subjectId, 'input.subjectId');
    const details = disclosureDetails(args);
    const id = await ctx.exports.submit({
      type: 'DISCLOSURE',
      subjectId,
      details,
      reason: null,
      principal: ctx.access.principal,
    });
    return currentView(ctx.ledger.store, id);
  }
}

/** The checked details of a disclosure; a refusal (BAD_USER_INPUT) names the argument. */
function disclosureDetails(args: RecordDisclosureInput): RequestDetails {
  const authority = reasonText(args.authority, 'input.authority', true) as string;
  const legalBasis = reasonText(args.legalBasis, 'input.legalBasis', true) as string;
  const reference = reasonText(args.reference, 'input.reference', true) as string;
  const reasonNotTold = reasonText(args.reasonNotTold, 'input.reasonNotTold', !args.tellSubject);
  return {
    categories: namedCategories(args.categories, 'input.categories', ''),
    disclosure: { authority, legalBasis, reference, tellSubject: args.tellSubject },
    // Not told: the law forbids it, so the subject's own record of requests leaves it out too.
    ...(args.tellSubject ? {} : { confidentialReason: reasonNotTold as string }),
  };
}
