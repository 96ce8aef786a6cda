import type { DataSource } from 'typeorm';
import { rowsByKeys, rowsByParentKeys } from '../../common/batch-read';
import { SupportMessageEntity } from './entities/message.entity';
import { SupportTicketEntity } from './entities/ticket.entity';

/** All the SQL of the support subgraph. Every read takes a list of keys: one statement per batch. */
export class SupportStore {
  constructor(private readonly ds: DataSource) {}

  ticketsBySubjects(subjectIds: readonly string[]): Promise<SupportTicketEntity[]> {
    return rowsByKeys(this.ds, SupportTicketEntity, 'subjectId', subjectIds, { openedAt: 'ASC', id: 'ASC' });
  }

  /** The messages of these subjects' tickets, each with its subject, read through the ticket (decision 347). */
  messagesBySubjects(subjectIds: readonly string[]): Promise<Array<{ key: string; row: SupportMessageEntity }>> {
    const through = { column: 'ticketId', parent: SupportTicketEntity, parentColumn: 'subjectId' } as const;
    return rowsByParentKeys(this.ds, SupportMessageEntity, through, subjectIds, { sentAt: 'ASC', id: 'ASC' });
  }
}
