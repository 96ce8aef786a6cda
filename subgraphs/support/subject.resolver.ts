import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SupportContext } from './support.loaders';
import { DataSubject } from './types/subject.type';
import { SupportTicket } from './types/ticket.type';

/** What support adds to the subject: no root field, the gateway reaches it through `_entities`. */
@Resolver(() => DataSubject)
export class SupportSubjectResolver {
  @FieldResolver(() => [SupportTicket], { nullable: true })
  supportTickets(@Root() s: DataSubject, @Ctx() ctx: SupportContext) {
    return ctx.loaders.ticketsBySubject.load(s.id);
  }
}
