import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { pageSize } from '../../../common/connection';
import { connectionTypes } from '../../../common/connection.type';
import { forbidden, hasRole } from '../../../common/access';
import * as input from '../../../common/validation';
import { fail } from '../../../common/errors';
import { appendAudit } from '../ledger/audit.store';
import type { OutboxMessageEntity } from './entities/outbox-message.entity';
import type { MailContext } from './mail.context';
import { MessageKind, OutboxMessage, OutboxStatus } from './types/outbox-message.type';

const OutboxMessageConnection = connectionTypes('OutboxMessage', OutboxMessage).Connection;

@InputType({ description: 'Applied in SQL before paging.' })
class OutboxMessageFilter {
  @Field(() => [OutboxStatus], { nullable: true, description: 'Any of these statuses (FAILED: undelivered).' })
  statuses?: OutboxStatus[] | null;

  @Field(() => ID, { nullable: true })
  subjectId?: string | null;
}

/** The view of a row; `body` is resolved apart, for the dpo only. */
type MessageView = Omit<OutboxMessage, 'body'> & { body: string };

function messageView(m: OutboxMessageEntity): MessageView {
  return {
    id: m.id,
    requestId: m.requestId,
    subjectId: m.subjectId,
    kind: m.kind as MessageKind,
    language: m.language,
    recipient: m.recipient,
    subjectLine: m.subject,
    body: m.body,
    status: m.status as OutboxStatus,
    attempts: m.attempts,
    lastError: m.lastError,
    nextAttemptAt: m.status === 'PENDING' ? m.nextAttemptAt : null,
    createdAt: m.createdAt,
    sentAt: m.sentAt,
    providerMessageId: m.providerMessageId,
  };
}

/**
 * The dpo's view of mail delivery: what was sent to whom, what is waiting and why, what gave
 * up. The export tooling (`service`) reads it too, without the texts; nobody else (a subject's
 * messages are in their mailbox).
 */
@Resolver(() => OutboxMessage)
export class OutboxResolver {
  @Query(() => OutboxMessageConnection, {
    description: 'Messages of the outbox, newest first, a page at a time (`first` at most 200). dpo, service.',
  })
  async outboxMessages(
    @Ctx() ctx: MailContext,
    @Arg('filter', () => OutboxMessageFilter, { nullable: true }) filter?: OutboxMessageFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    ctx.access.assertRole('read the outbox', 'dpo', 'service');
    const f = filter ?? {};
    const where = {
      statuses: f.statuses ?? undefined,
      subjectId: f.subjectId == null ? undefined : input.subjectId(f.subjectId, 'filter.subjectId'),
    };
    return ctx.outbox.list(where, pageSize(first), after, messageView);
  }

  @FieldResolver(() => String, { nullable: true })
  body(@Root() m: MessageView, @Ctx() ctx: MailContext): string | null {
    if (!hasRole(ctx.access.principal, 'dpo')) throw forbidden('Only a dpo may read the text of a message.');
    return m.kind === MessageKind.EMAIL_CONFIRMATION ? null : m.body;
  }

  @Mutation(() => OutboxMessage, {
    description: 'Sends a FAILED message again, from its first attempt (dpo).',
  })
  async retryMessage(@Ctx() ctx: MailContext, @Arg('id', () => ID) id: string): Promise<MessageView> {
    ctx.access.assertRole('retry a message', 'dpo');
    const messageId = input.subjectId(id, 'id');
    const now = new Date();
    const row = await ctx.outbox.write(async (tx) => {
      const message = await ctx.outbox.message(messageId, tx);
      if (!message) throw fail('NOT_FOUND', 'No message with this id.');
      if (!(await ctx.outbox.retry(messageId, now, tx)))
        throw fail('MESSAGE_NOT_FAILED', `Only a FAILED message can be retried; this one is ${message.status}.`);
      await appendAudit(tx, now, [
        {
          requestId: message.requestId,
          action: 'MESSAGE_RETRIED',
          actor: ctx.access.principal.sub,
          detail: { messageId },
        },
      ]);
      return ctx.outbox.message(messageId, tx);
    });
    if (!row) throw new Error(`message ${messageId} vanished from the outbox`);
    return messageView(row);
  }
}
