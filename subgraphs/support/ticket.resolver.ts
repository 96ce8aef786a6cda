import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SupportTicketEntity } from './entities/ticket.entity';
import type { SupportContext } from './support.loaders';
import { SupportMessage } from './types/message.type';
import { SupportTicket } from './types/ticket.type';

@Resolver(() => SupportTicket)
export class TicketResolver {
  /** Read by the ticket's subject, usually already under way since its tickets were (decision 347). */
  @FieldResolver(() => [SupportMessage])
  async messages(@Root() t: SupportTicketEntity, @Ctx() ctx: SupportContext) {
    return (await ctx.loaders.messagesBySubject.load(t.subjectId)).get(t.id) ?? [];
  }
}
