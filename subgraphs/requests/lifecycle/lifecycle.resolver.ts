import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { hasRole } from '../../../common/access';
import { calendarDate, isFutureDate } from '../../../common/calendar-date';
import { badUserInput } from '../../../common/errors';
import * as input from '../../../common/validation';
import { identityVerification } from '../ledger/identity';
import { requestView, type RequestView } from '../ledger/request.view';
import { assertSubmitFor, reasonText } from '../ledger/who-may';
import type { LifecycleContext } from './lifecycle.context';
import { DataSubjectRequest } from '../ledger/types/data-subject-request.type';
import { CloseAccountInput, RecordParentalConsentInput } from './types/lifecycle.inputs';

/** The account's life (lifecycle.ts): closure, by the subject for themself or a dpo. */
@Resolver()
export class LifecycleResolver {
  @Mutation(() => DataSubjectRequest, {
    description:
      'Closes the account: CLOSED at once (out of every processing list), then an ordinary erasure when the policy says ' +
      '(veloraqenvi: at once; ophelantyra: within thirty days). Asked again: the closure already recorded.',
  })
  async closeAccount(
    @Ctx() ctx: LifecycleContext,
    @Arg('input', () => CloseAccountInput) args: CloseAccountInput,
  ): Promise<RequestView> {
    const subjectId = input.subjectId(args.subjectId, 'input.subjectId');
    assertSubmitFor(ctx.access.principal, subjectId);
    const identity = identityVerification(ctx.access.principal, subjectId, args.identityVerification, true, new Date());
    const reason = reasonText(args.reason, 'input.reason', false);
    let receivedAt: Date | undefined;
    if (args.receivedOn != null) {
      if (!hasRole(ctx.access.principal, 'dpo'))
        throw badUserInput('"input.receivedOn" is for a dpo recording a closure asked earlier', 'input.receivedOn');
      receivedAt = calendarDate(args.receivedOn, 'input.receivedOn');
      if (isFutureDate(receivedAt, new Date()))
        throw badUserInput('"input.receivedOn" must not be in the future', 'input.receivedOn');
    }
    const id = await ctx.lifecycle.close({ subjectId, reason, principal: ctx.access.principal, receivedAt, identity });
    const row = await ctx.ledger.store.request(id);
    if (!row) throw new Error(`request ${id} vanished from the ledger`);
    return requestView(row);
  }

  @Query(() => [DataSubjectRequest], {
    description:
      'Accounts warned for inactivity whose erasure is pending (veloraqenvi): one INACTIVITY request each, ' +
      '`asOf` the day of the warning, `dueAt` the day of the erasure unless the subject signs in. The `limit` oldest ' +
      '(1 to 100); every one, a page at a time: `dataSubjectRequests(filter: { types: [INACTIVITY], open: true })`. dpo only.',
  })
  async inactivityWarnings(
    @Ctx() ctx: LifecycleContext,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 100 }) limit?: number | null,
  ): Promise<RequestView[]> {
    ctx.access.assertRole('read the inactivity warnings', 'dpo');
    const most = input.searchLimit(limit ?? 100);
    const now = new Date();
    return (await ctx.lifecycle.inactivityWarnings(most)).map((r) => requestView(r, now));
  }

  @Mutation(() => DataSubjectRequest, {
    description:
      "Records a parental consent for a minor's account (V24): it keeps the account. Refused (NOT_A_MINOR) for an adult. dpo only.",
  })
  async recordParentalConsent(
    @Ctx() ctx: LifecycleContext,
    @Arg('input', () => RecordParentalConsentInput) args: RecordParentalConsentInput,
  ): Promise<RequestView> {
    ctx.access.assertRole('record a parental consent', 'dpo');
    const subjectId = input.subjectId(args.subjectId, 'input.subjectId');
    const identity = identityVerification(ctx.access.principal, subjectId, args.identityVerification, true, new Date());
    const guardianName = reasonText(args.guardianName, 'input.guardianName', true) as string;
    const evidenceRef = reasonText(args.evidenceRef, 'input.evidenceRef', true) as string;
    const given = calendarDate(args.givenOn, 'input.givenOn');
    if (isFutureDate(given, new Date()))
      throw badUserInput('"input.givenOn" must not be in the future', 'input.givenOn');
    const id = await ctx.lifecycle.recordParentalConsent(
      subjectId,
      { guardianName, givenOn: args.givenOn, evidenceRef },
      ctx.access.principal,
      identity,
    );
    const row = await ctx.ledger.store.request(id);
    if (!row) throw new Error(`request ${id} vanished from the ledger`);
    return requestView(row);
  }
}
