import { Arg, Ctx, Directive, ID, Mutation, Query, Resolver } from 'type-graphql';
import { FANOUT_ROLE } from '../access';
import type { AccessContext } from '../subgraph-guard';
import * as input from '../validation';
import { correctedDescription } from './archived';
import { erasableCategories, restrictableCategories } from './categories';
import { RectificationChanges, validChanges } from './changes.input';
import type { PrivacyContract } from './contract';
import { ConsentPurpose, RestrictionKind, RestrictionScope } from './processing';
import { PrivacyReceipt } from './receipt';

export interface PrivacyContractContext extends AccessContext {
  privacy: PrivacyContract;
}

/**
 * The privacy contract as every data subgraph serves it: the same five mutations, not in the
 * public API (@inaccessible: the gateway cannot plan them), callable only with the `requests`
 * service's identity. @shareable because four subgraphs define them.
 */
@Resolver()
export class PrivacyContractResolver {
  @Mutation(() => PrivacyReceipt, {
    description: 'Erases what this subgraph holds of the subject, keeping what the law says keep.',
  })
  @Directive('@inaccessible')
  @Directive('@shareable')
  privacyErase(
    @Ctx() ctx: PrivacyContractContext,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('requestId', () => ID) requestId: string,
    @Arg('dryRun', () => Boolean) dryRun: boolean,
    @Arg('categories', () => [String], {
      nullable: true,
      description: 'Only these categories of @personal (a partial erasure); left out: everything.',
    })
    categories?: string[] | null,
  ): Promise<PrivacyReceipt> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    return ctx.privacy.erase(
      input.subjectId(subjectId, 'subjectId'),
      input.requestId(requestId, 'requestId'),
      dryRun,
      categories ? erasableCategories(categories, 'categories') : null,
    );
  }

  @Mutation(() => PrivacyReceipt, { description: 'Writes the new values into every copy this subgraph holds.' })
  @Directive('@inaccessible')
  @Directive('@shareable')
  privacyRectify(
    @Ctx() ctx: PrivacyContractContext,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('requestId', () => ID) requestId: string,
    @Arg('changes', () => RectificationChanges) changes: RectificationChanges,
  ): Promise<PrivacyReceipt> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    return ctx.privacy.rectify(
      input.subjectId(subjectId, 'subjectId'),
      input.requestId(requestId, 'requestId'),
      validChanges(changes),
    );
  }

  @Mutation(() => PrivacyReceipt, {
    description: 'Records a restriction or an objection: the data stays, the processing leaves the subject out.',
  })
  @Directive('@inaccessible')
  @Directive('@shareable')
  privacyRestrict(
    @Ctx() ctx: PrivacyContractContext,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('requestId', () => ID) requestId: string,
    @Arg('kind', () => RestrictionKind) kind: RestrictionKind,
    @Arg('scope', () => RestrictionScope) scope: RestrictionScope,
    @Arg('categories', () => [String], {
      nullable: true,
      description: 'The contested categories of @personal, hidden from staff but the dpo while restricted.',
    })
    categories?: string[] | null,
  ): Promise<PrivacyReceipt> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    return ctx.privacy.restrict(
      input.subjectId(subjectId, 'subjectId'),
      input.requestId(requestId, 'requestId'),
      kind,
      scope,
      categories ? restrictableCategories(categories, 'categories') : null,
    );
  }

  @Mutation(() => PrivacyReceipt, { description: 'Ends the objection this request recorded: a dpo refused it.' })
  @Directive('@inaccessible')
  @Directive('@shareable')
  privacyUnobject(
    @Ctx() ctx: PrivacyContractContext,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('requestId', () => ID) requestId: string,
  ): Promise<PrivacyReceipt> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    return ctx.privacy.unobject(input.subjectId(subjectId, 'subjectId'), input.requestId(requestId, 'requestId'));
  }

  @Mutation(() => PrivacyReceipt, {
    description:
      'Records a correction of an archived record (an issued invoice) beside it; the record itself is never rewritten.',
  })
  @Directive('@inaccessible')
  @Directive('@shareable')
  privacyCorrectArchived(
    @Ctx() ctx: PrivacyContractContext,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('requestId', () => ID) requestId: string,
    @Arg('recordId', () => ID) recordId: string,
    @Arg('description', () => String) description: string,
  ): Promise<PrivacyReceipt> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    return ctx.privacy.correctArchived(
      input.subjectId(subjectId, 'subjectId'),
      input.requestId(requestId, 'requestId'),
      {
        recordId: input.recordId(recordId, 'recordId'),
        description: correctedDescription(description, 'description'),
      },
    );
  }

  @Query(() => Boolean, {
    description: "Whether this archived record (an issued invoice) is the subject's here: asked before a correction.",
  })
  @Directive('@inaccessible')
  @Directive('@shareable')
  privacyArchivedRecord(
    @Ctx() ctx: PrivacyContractContext,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('recordId', () => ID) recordId: string,
  ): Promise<boolean> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    return ctx.privacy.archivedRecord(input.subjectId(subjectId, 'subjectId'), input.recordId(recordId, 'recordId'));
  }

  @Mutation(() => PrivacyReceipt, { description: 'Lifts the restrictions of this scope.' })
  @Directive('@inaccessible')
  @Directive('@shareable')
  privacyLift(
    @Ctx() ctx: PrivacyContractContext,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('requestId', () => ID) requestId: string,
    @Arg('scope', () => RestrictionScope) scope: RestrictionScope,
  ): Promise<PrivacyReceipt> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    return ctx.privacy.lift(input.subjectId(subjectId, 'subjectId'), input.requestId(requestId, 'requestId'), scope);
  }

  @Mutation(() => PrivacyReceipt, {
    description: 'Records a consent granted or withdrawn; granting ends objections to that processing.',
  })
  @Directive('@inaccessible')
  @Directive('@shareable')
  privacyConsent(
    @Ctx() ctx: PrivacyContractContext,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('requestId', () => ID) requestId: string,
    @Arg('purpose', () => ConsentPurpose) purpose: ConsentPurpose,
    @Arg('granted', () => Boolean) granted: boolean,
  ): Promise<PrivacyReceipt> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    return ctx.privacy.consent(
      input.subjectId(subjectId, 'subjectId'),
      input.requestId(requestId, 'requestId'),
      purpose,
      granted,
    );
  }

  @Mutation(() => PrivacyReceipt, {
    description:
      "Records the account's closure here (profile marks it CLOSED); deletes nothing: the erasure it schedules does.",
  })
  @Directive('@inaccessible')
  @Directive('@shareable')
  privacyClose(
    @Ctx() ctx: PrivacyContractContext,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('requestId', () => ID) requestId: string,
    @Arg('closedAt', () => Date, { description: 'When the subject asked: the periods that follow run from it.' })
    closedAt: Date,
  ): Promise<PrivacyReceipt> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    return ctx.privacy.close(
      input.subjectId(subjectId, 'subjectId'),
      input.requestId(requestId, 'requestId'),
      closedAt,
    );
  }
}
