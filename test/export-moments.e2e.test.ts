/**
 * An export reads each data subgraph's part in one moment (decision 347): the subject's own
 * fields with the subject's row in `profile`, a ticket's messages with the tickets in `support`,
 * an invoice's corrections with the invoices in `billing`, instead of a round trip after their
 * parents came back. Read by subject through their parent, they are the rows a read by parent
 * gives, in the same order; and what a query does not select is not read.
 */
import { In } from 'typeorm';
import { rowsByParentKeys } from '../common/batch-read';
import { coalescedReadsOf } from '../common/coalesced-reads';
import { dbConfigFromEnv } from '../common/config';
import { FEATURED_INDEX } from '../common/demo/plan';
import { demoId } from '../common/demo/random';
import { exportQuery } from '../schema/supergraph';
import { InvoiceCorrectionEntity } from '../subgraphs/billing/entities/invoice-correction.entity';
import { InvoiceEntity } from '../subgraphs/billing/entities/invoice.entity';
import { SupportMessageEntity } from '../subgraphs/support/entities/message.entity';
import { SupportTicketEntity } from '../subgraphs/support/entities/ticket.entity';
import { startStack, type Stack } from './helpers/stack';

const DATA_SUBGRAPHS = ['profile', 'sessions', 'billing', 'support'] as const;

describe('an export reads each subgraph in one moment', () => {
  let stack: Stack;
  const ds = (name: (typeof DATA_SUBGRAPHS)[number]) => stack.subgraphs[name].server.db.dataSource;
  const subjects = [FEATURED_INDEX.oneEach, FEATURED_INDEX.fiftyEach, 0, 1].map((i) => demoId('subject', i));

  beforeAll(async () => {
    stack = await startStack({ subjects: 20 });
    // Corrections of two invoices of two subjects (the demo data has none), written as the
    // rectification does: beside the invoice, with the invoice's subject.
    const invoices = await ds('billing')
      .getRepository(InvoiceEntity)
      .find({ where: { subjectId: In(subjects.slice(0, 2)) }, order: { id: 'ASC' } });
    // The first invoice of each of the first two subjects.
    const corrected = subjects.slice(0, 2).map((s) => invoices.find((i) => i.subjectId === s) as InvoiceEntity);
    await ds('billing')
      .getRepository(InvoiceCorrectionEntity)
      .insert(
        corrected.flatMap((invoice, i) =>
          [0, 1].map((n) => ({
            id: demoId('correction', i, n),
            invoiceId: invoice.id,
            subjectId: invoice.subjectId,
            requestId: demoId('request', i, n),
            description: `Corrected wording ${i}.${n}`,
            correctedAt: new Date(Date.UTC(2026, 9, 1 + n)),
          })),
        ),
      );
  });
  afterAll(() => stack.stop());

  it("reads a ticket's messages by subject as the tickets' own read gives them, in the same order", async () => {
    const support = ds('support');
    const tickets = await support.getRepository(SupportTicketEntity).find({ where: { subjectId: In(subjects) } });
    const subjectOf = new Map(tickets.map((t) => [t.id, t.subjectId]));
    const byTicket = await support.getRepository(SupportMessageEntity).find({
      where: { ticketId: In(tickets.map((t) => t.id)) },
      order: { sentAt: 'ASC', id: 'ASC' },
    });
    expect(byTicket.length).toBeGreaterThan(50);
    const through = { column: 'ticketId', parent: SupportTicketEntity, parentColumn: 'subjectId' } as const;
    const bySubject = await rowsByParentKeys(support, SupportMessageEntity, through, subjects, {
      sentAt: 'ASC',
      id: 'ASC',
    });
    expect(bySubject).toEqual(byTicket.map((row) => ({ key: subjectOf.get(row.ticketId), row })));
  });

  it("reads an invoice's corrections by subject as the invoices' own read gives them", async () => {
    const billing = ds('billing');
    const expected = await billing
      .getRepository(InvoiceCorrectionEntity)
      .find({ order: { correctedAt: 'ASC', id: 'ASC' } });
    expect(expected).toHaveLength(4);
    const through = { column: 'invoiceId', parent: InvoiceEntity, parentColumn: 'subjectId' } as const;
    const got = await rowsByParentKeys(billing, InvoiceCorrectionEntity, through, subjects, {
      correctedAt: 'ASC',
      id: 'ASC',
    });
    expect(got).toEqual(expected.map((row) => ({ key: row.subjectId, row })));
    // A key is a value, never SQL: a hostile one finds nothing and changes nothing.
    expect(await rowsByParentKeys(billing, InvoiceCorrectionEntity, through, ["x') OR 1=1; --"])).toEqual([]);
    expect(await billing.getRepository(InvoiceCorrectionEntity).count()).toBe(4);
  });

  it('an export shows each invoice its own corrections and each ticket its own messages', async () => {
    const res = await stack.query<{
      subject: {
        invoices: Array<{ id: string; corrections: Array<{ description: string }> }>;
        supportTickets: Array<{ id: string; messages: Array<{ id: string }> }>;
      };
    }>(exportQuery(), { id: subjects[1] });
    expect(res.errors).toBeUndefined();
    const invoices = res.data?.subject.invoices ?? [];
    const withCorrections = invoices.filter((i) => i.corrections.length > 0);
    expect(withCorrections.map((i) => i.corrections.map((c) => c.description))).toEqual([
      ['Corrected wording 1.0', 'Corrected wording 1.1'],
    ]);
    const messages = await ds('support')
      .getRepository(SupportMessageEntity)
      .find({ order: { sentAt: 'ASC', id: 'ASC' } });
    for (const ticket of res.data?.subject.supportTickets ?? [])
      expect(ticket.messages.map((m) => m.id)).toEqual(
        messages.filter((m) => m.ticketId === ticket.id).map((m) => m.id),
      );
  });

  it('reads nothing a query does not select: no message without messages, no field of the subject unasked', async () => {
    stack.resetCounters();
    const named = await stack.query(`query($id: ID!) { subject(id: $id) { fullName } }`, { id: subjects[1] });
    expect(named.errors).toBeUndefined();
    expect(stack.sqlCounts().profile).toBe(1);

    stack.resetCounters();
    const tickets = await stack.query(`query($id: ID!) { subject(id: $id) { supportTickets { id } } }`, {
      id: subjects[1],
    });
    expect(tickets.errors).toBeUndefined();
    expect(stack.sqlCounts().support).toBe(1);

    stack.resetCounters();
    const withMessages = await stack.query(
      `query($id: ID!) { subject(id: $id) { supportTickets { ...T } } } fragment T on SupportTicket { id messages { id } }`,
      { id: subjects[1] },
    );
    expect(withMessages.errors).toBeUndefined();
    expect(stack.sqlCounts().support).toBe(2);
  });

  it("reads no field early that the caller's role refuses: it is refused, and not read", async () => {
    stack.resetCounters();
    const res = await stack.query(
      `query($id: ID!) { subject(id: $id) { status financialSituation { incomeBand } consents { purpose } } }`,
      { id: subjects[1] },
      { role: 'tech' },
    );
    expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
      ['subject.financialSituation', 'FORBIDDEN'],
      ['subject.consents', 'FORBIDDEN'],
    ]);
    expect(stack.sqlCounts().profile).toBe(1);
  });

  const onMysql = dbConfigFromEnv().kind === 'mysql' ? it : it.skip;
  onMysql('on MySQL, one round trip per data subgraph for a whole export', async () => {
    const trips = () =>
      DATA_SUBGRAPHS.map((name) => {
        const reads = coalescedReadsOf(ds(name));
        if (!reads) throw new Error(`${name} has no coalesced reads on MySQL`);
        return reads.roundTrips;
      });
    for (const id of subjects) {
      const before = trips();
      const res = await stack.query(exportQuery(), { id });
      expect(res.errors).toBeUndefined();
      const after = trips();
      expect(Object.fromEntries(DATA_SUBGRAPHS.map((name, i) => [name, after[i] - before[i]]))).toEqual({
        profile: 1,
        sessions: 1,
        billing: 1,
        support: 1,
      });
    }
  });
});
