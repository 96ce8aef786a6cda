import { In, type DataSource } from 'typeorm';
import { SupportMessageEntity } from './entities/message.entity';
import { SupportTicketEntity } from './entities/ticket.entity';

/** All the SQL of the support subgraph. Every read takes a list of keys: one statement per batch. */
export class SupportStore {
  constructor(private readonly ds: DataSource) {}

  ticketsBySubjects(subjectIds: readonly string[]): Promise<SupportTicketEntity[]> {
    return this.ds
      .getRepository(SupportTicketEntity)
      .find({ where: { subjectId: In([...subjectIds]) }, order: { openedAt: 'ASC', id: 'ASC' } });
  }

  messagesByTickets(ticketIds: readonly string[]): Promise<SupportMessageEntity[]> {
    return this.ds
      .getRepository(SupportMessageEntity)
      .find({ where: { ticketId: In([...ticketIds]) }, order: { sentAt: 'ASC', id: 'ASC' } });
  }
}
