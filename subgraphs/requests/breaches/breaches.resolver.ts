import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import * as input from '../../../common/validation';
import type { ExportsContext } from '../access-package/access.context';
import { namedCategories } from '../../../common/privacy-contract/categories';
import type { RequestDetails } from '../ledger/request-details';
import { currentView, type RequestView } from '../ledger/request.view';
import { DataSubjectRequest } from '../ledger/types/data-subject-request.type';
import { reasonText } from '../ledger/who-may';
import { NotifyBreachInput } from './breach.input';

/** A breach told to a subject it affects: recorded by a dpo, checked before anything is written. */
@Resolver()
export class BreachesResolver {
  @Mutation(() => DataSubjectRequest, {
    description:
      'Tells one subject of a personal-data breach that affects them (dpo), as a BREACH_NOTICE request: the message says the circumstances, the categories concerned, the likely consequences, the measures taken and what they can do; the notification is recorded in the ledger and in their package. The same reference for the same subject answers the first. Bad input records nothing.',
  })
  async notifyBreach(
    @Ctx() ctx: ExportsContext,
    @Arg('input', () => NotifyBreachInput) args: NotifyBreachInput,
  ): Promise<RequestView> {
    ctx.access.assertRole('notify a breach', 'dpo');
    const subjectId = input.subjectId(args.subjectId, 'input.subjectId');
    const id = await ctx.exports.submit({
      type: 'BREACH_NOTICE',
      subjectId,
      details: breachDetails(args),
      reason: null,
      principal: ctx.access.principal,
    });
    return currentView(ctx.ledger.store, id);
  }
}

/** The checked details of a notification; a refusal (BAD_USER_INPUT) names the argument. */
function breachDetails(args: NotifyBreachInput): RequestDetails {
  const text = (value: string, name: string) => reasonText(value, `input.${name}`, true) as string;
  return {
    categories: namedCategories(args.categories, 'input.categories', ''),
    breach: {
      reference: text(args.reference, 'reference'),
      circumstances: text(args.circumstances, 'circumstances'),
      consequences: text(args.consequences, 'consequences'),
      measures: text(args.measures, 'measures'),
      advice: text(args.advice, 'advice'),
    },
  };
}
