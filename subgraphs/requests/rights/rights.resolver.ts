import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { badUserInput } from '../../../common/errors';
import { erasableCategories, restrictableCategories } from '../../../common/privacy-contract/categories';
import { RECTIFIABLE_FIELDS, validChanges } from '../../../common/privacy-contract/changes.input';
import * as input from '../../../common/validation';
import { identityVerification, type GivenVerification, type IdentityRecord } from '../ledger/identity';
import type { RequestType } from '../ledger/request.enums';
import { currentView, type RequestView } from '../ledger/request.view';
import type { RequestDetails } from '../ledger/request-details';
import { assertSubmitFor, maySubmitFor, reasonText } from '../ledger/who-may';
import type { RightsContext } from './rights.context';
import { DataSubjectRequest } from '../ledger/types/data-subject-request.type';
import {
  EraseSubjectInput,
  LiftRestrictionInput,
  ObjectToProcessingInput,
  RectifySubjectInput,
  RestrictProcessingInput,
  SetConsentInput,
} from './types/rights.inputs';

/** Confirmation codes are 32 random bytes, base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The rights a subject exercises, as mutations: each records a request in the ledger and fans
 * it out to every data subgraph, answering with the request as it stands (COMPLETED when every
 * subgraph answered in time, IN_PROGRESS with the pending legs otherwise).
 */
@Resolver()
export class RightsResolver {
  @Mutation(() => DataSubjectRequest, {
    description: 'Art. 17. The same erasure asked again returns the request already recorded.',
  })
  async eraseSubject(
    @Ctx() ctx: RightsContext,
    @Arg('input', () => EraseSubjectInput) args: EraseSubjectInput,
  ): Promise<RequestView> {
    // A destructive switch never reads null as "go".
    if (args.dryRun === null) {
      throw badUserInput(
        '"input.dryRun" must be true or false (left out, it is false); null is refused',
        'input.dryRun',
      );
    }
    // A dry run acts on nothing and records nothing: no identity to verify for it.
    const acting = subjectToAct(ctx, args, !args.dryRun);
    const reason = reasonText(args.reason, 'input.reason', false);
    // A partial erasure (the categories the subject names, V29) when given; otherwise everything.
    const categories = args.categories == null ? undefined : erasableCategories(args.categories, 'input.categories');
    if (args.dryRun) return ctx.rights.preview.preview(acting.subjectId, reason, ctx.access.principal, categories);
    return submit(ctx, 'ERASURE', acting, categories ? { categories } : {}, reason);
  }

  @Mutation(() => DataSubjectRequest, {
    description: 'Art. 16. A new email waits for the code sent to it (awaitingConfirmation) before anything changes.',
  })
  rectifySubject(
    @Ctx() ctx: RightsContext,
    @Arg('input', () => RectifySubjectInput) args: RectifySubjectInput,
  ): Promise<RequestView> {
    const acting = subjectToAct(ctx, args);
    const changes = validChanges(args.changes, 'input.changes');
    const changedFields = RECTIFIABLE_FIELDS.filter((f) => changes[f] !== undefined);
    return submit(
      ctx,
      'RECTIFICATION',
      acting,
      { changes, changedFields },
      reasonText(args.reason, 'input.reason', false),
    );
  }

  @Mutation(() => DataSubjectRequest, {
    description: 'Confirms a new email with the code sent to it; the rectification then runs.',
  })
  async confirmEmailChange(@Ctx() ctx: RightsContext, @Arg('token') token: string): Promise<RequestView> {
    if (!TOKEN.test(token)) throw badUserInput('"token" is not a confirmation code', 'token');
    const id = await ctx.rights.confirmation.confirm(token, ctx.access.principal, (subjectId) =>
      maySubmitFor(ctx.access.principal, subjectId),
    );
    return currentView(ctx.ledger.store, id);
  }

  @Mutation(() => DataSubjectRequest, {
    description: 'Art. 18: the data stays stored and exported, the processing in scope leaves the subject out.',
  })
  restrictProcessing(
    @Ctx() ctx: RightsContext,
    @Arg('input', () => RestrictProcessingInput) args: RestrictProcessingInput,
  ): Promise<RequestView> {
    const acting = subjectToAct(ctx, args);
    // Before anything is recorded: an unknown category refuses the whole request.
    const categories =
      args.categories == null ? undefined : restrictableCategories(args.categories, 'input.categories');
    const reason = reasonText(args.reason, 'input.reason', true);
    const ground = args.ground ?? undefined;
    return submit(ctx, 'RESTRICTION', acting, { scope: args.scope, categories, ground }, reason);
  }

  @Mutation(() => DataSubjectRequest, { description: 'Art. 18(3): ends a restriction of this scope.' })
  liftRestriction(
    @Ctx() ctx: RightsContext,
    @Arg('input', () => LiftRestrictionInput) args: LiftRestrictionInput,
  ): Promise<RequestView> {
    const acting = subjectToAct(ctx, args);
    return submit(
      ctx,
      'LIFT_RESTRICTION',
      acting,
      { scope: args.scope },
      reasonText(args.reason, 'input.reason', false),
    );
  }

  @Mutation(() => DataSubjectRequest, {
    description:
      'Art. 21: the subject leaves this processing; setConsent(granted: true) brings them back. On legitimate interest (not marketing, not a processing on consent) the objection is UNDER_EXAMINATION, the processing restricted meanwhile, until a dpo decides (decideObjection).',
  })
  objectToProcessing(
    @Ctx() ctx: RightsContext,
    @Arg('input', () => ObjectToProcessingInput) args: ObjectToProcessingInput,
  ): Promise<RequestView> {
    const acting = subjectToAct(ctx, args);
    const reason = reasonText(args.reason, 'input.reason', false);
    // On legitimate interest: UNDER_EXAMINATION, restricted meanwhile, until decideObjection (O36, V46).
    const examined = ctx.rights.objections.examination(args.purpose);
    return submit(ctx, 'OBJECTION', acting, { purpose: args.purpose, ...examined }, reason);
  }

  @Mutation(() => DataSubjectRequest, {
    description: 'Art. 7: records a consent given or withdrawn (withdrawal as easy as giving).',
  })
  setConsent(
    @Ctx() ctx: RightsContext,
    @Arg('input', () => SetConsentInput) args: SetConsentInput,
  ): Promise<RequestView> {
    const acting = subjectToAct(ctx, args);
    return submit(ctx, 'CONSENT', acting, { purpose: args.purpose, granted: args.granted }, null);
  }
}

/** The input's subject: a well-formed id the caller may submit requests about (FORBIDDEN otherwise). */
function subjectToAct(ctx: RightsContext, args: ActingInput, identityRequired = true): Acting {
  const subjectId = input.subjectId(args.subjectId, 'input.subjectId');
  const { principal } = ctx.access;
  assertSubmitFor(principal, subjectId);
  // Before anything is read or written: a dpo says how the identity was verified (O14, V27).
  const identity = identityVerification(principal, subjectId, args.identityVerification, identityRequired, new Date());
  return { subjectId, identity };
}

interface ActingInput {
  subjectId: string;
  identityVerification?: GivenVerification | null;
}

interface Acting {
  subjectId: string;
  identity: IdentityRecord;
}

async function submit(
  ctx: RightsContext,
  type: RequestType,
  { subjectId, identity }: Acting,
  details: RequestDetails,
  reason: string | null,
): Promise<RequestView> {
  const id = await ctx.rights.submissions.submit({
    type,
    subjectId,
    details,
    reason,
    principal: ctx.access.principal,
    identity,
    idempotencyKey: ctx.idempotencyKey,
  });
  return currentView(ctx.ledger.store, id);
}
