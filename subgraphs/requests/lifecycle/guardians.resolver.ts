import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { badUserInput } from '../../../common/errors';
import { CONTROL_CHARACTERS } from '../../../common/privacy-contract/context-changes.input';
import * as input from '../../../common/validation';
import { identityVerification } from '../ledger/identity';
import { requestView, type RequestView } from '../ledger/request.view';
import { DataSubjectRequest } from '../ledger/types/data-subject-request.type';
import type { LifecycleContext } from './lifecycle.context';
import { RecordGuardianInput } from './types/guardian.inputs';

const MAX_NAME = 200;

/** Minors' legal representatives (O22, O38, V45): recorded by a dpo; they then act with a guardian token. */
@Resolver()
export class GuardiansResolver {
  @Mutation(() => DataSubjectRequest, {
    description:
      "Records a minor's legal representative (a GUARDIAN_CONTACT request): the guardian message goes to their address. " +
      'Refused (NOT_A_MINOR) for an adult; the latest recorded is in force. dpo only, with identityVerification.',
  })
  async recordGuardian(
    @Ctx() ctx: LifecycleContext,
    @Arg('input', () => RecordGuardianInput) args: RecordGuardianInput,
  ): Promise<RequestView> {
    ctx.access.assertRole('record a guardian', 'dpo');
    const subjectId = input.subjectId(args.subjectId, 'input.subjectId');
    const identity = identityVerification(ctx.access.principal, subjectId, args.identityVerification, true, new Date());
    const name = args.name.trim();
    if (name.length === 0 || name.length > MAX_NAME || CONTROL_CHARACTERS.test(name))
      throw badUserInput(
        `"input.name" is required, at most ${MAX_NAME} characters and no control characters`,
        'input.name',
      );
    const email = input.email(args.email, 'input.email');
    const id = await ctx.lifecycle.recordGuardian(
      subjectId,
      { name, email, relationship: args.relationship },
      ctx.access.principal,
      identity,
    );
    const row = await ctx.ledger.store.request(id);
    if (!row) throw new Error(`request ${id} vanished from the ledger`);
    return requestView(row);
  }
}
