import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SupportContext } from './support.loaders';
import { SupportMessage } from './types/message.type';
import { SupportTicket } from './types/ticket.type';

@Resolver(() => SupportTicket)
export class TicketResolver {
  @FieldResolver(() => [SupportMessage])
  messages(@Root() t: SupportTicket, @Ctx() ctx: SupportContext) {
    return ctx.loaders.messagesByTicket.load(t.id);
  }
}
