import type { DataSource } from 'typeorm';
import { rowsByKeys } from '../../common/batch-read';
import { SupportMessageEntity } from './entities/message.entity';
import { SupportTicketEntity } from './entities/ticket.entity';

/** All the SQL of the support subgraph. Every read takes a list of keys: one statement per batch. */
export class SupportStore {
  constructor(private readonly ds: DataSource) {}

  ticketsBySubjects(subjectIds: readonly string[]): Promise<SupportTicketEntity[]> {
    return rowsByKeys(this.ds, SupportTicketEntity, 'subjectId', subjectIds, { openedAt: 'ASC', id: 'ASC' });
  }

  messagesByTickets(ticketIds: readonly string[]): Promise<SupportMessageEntity[]> {
    return rowsByKeys(this.ds, SupportMessageEntity, 'ticketId', ticketIds, { sentAt: 'ASC', id: 'ASC' });
  }
}
