import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { forbidden, hasRole } from '../../../common/access';
import * as input from '../../../common/validation';
import { fail } from '../../../common/errors';
import { appendAudit } from '../ledger/audit.store';
import type { OutboxMessageEntity } from './entities/outbox-message.entity';
import type { MailContext } from './mail.context';
import { MessageKind, OutboxMessage, OutboxStatus } from './types/outbox-message.type';

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
  @Query(() => [OutboxMessage], {
    description: `Messages of the outbox, newest first, by status and subject (dpo, service). At most ${input.MAX_SEARCH_LIMIT}.`,
  })
  async outboxMessages(
    @Ctx() ctx: MailContext,
    @Arg('status', () => OutboxStatus, { nullable: true }) status?: OutboxStatus | null,
    @Arg('subjectId', () => ID, { nullable: true }) subjectId?: string | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 50 }) limit?: number | null,
  ): Promise<MessageView[]> {
    ctx.access.assertRole('read the outbox', 'dpo', 'service');
    const rows = await ctx.outbox.list({
      status: status ?? undefined,
      subjectId: subjectId == null ? undefined : input.subjectId(subjectId, 'subjectId'),
      limit: input.searchLimit(limit ?? 50),
    });
    return rows.map(messageView);
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
