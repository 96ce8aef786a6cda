import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { prefetch } from '../../common/loaders';
import { selects } from '../../common/selection';
import type { SupportContext } from './support.loaders';
import { DataSubject } from './types/subject.type';
import { SupportTicket } from './types/ticket.type';

/** What support adds to the subject: no root field, the gateway reaches it through `_entities`. */
@Resolver(() => DataSubject)
export class SupportSubjectResolver {
  @FieldResolver(() => [SupportTicket], { nullable: true })
  supportTickets(@Root() s: DataSubject, @Ctx() ctx: SupportContext, @Info() info: GraphQLResolveInfo) {
    // The tickets' messages in the same moment as the tickets, not a round trip after (decision 347).
    if (selects(info, 'messages')) prefetch(ctx.loaders.messagesBySubject, s.id);
    return ctx.loaders.ticketsBySubject.load(s.id);
  }
}
