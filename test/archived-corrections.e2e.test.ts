import { randomUUID } from 'node:crypto';
import { demoId } from '../common/demo/random';
import { exportQuery } from '../schema/supergraph';
import { InvoiceEntity } from '../subgraphs/billing/entities/invoice.entity';
import { setEnv } from './helpers/env';
import { sweepAndWait } from './helpers/retention';
import { waitForStatus } from './helpers/rights';
import { startStack, type As, type Stack } from './helpers/stack';

interface Correction {
  id: string;
  description: string;
  correctedAt: string;
  requestId: string;
}
interface InvoiceShown {
  id: string;
  number: string;
  issuedAt: string;
  amountCents: number;
  description: string;
  corrections: Correction[];
}

const SUPPORT: As = { role: 'support' };
const VERIFIED = { method: 'IDENTITY_DOCUMENT', evidenceRef: 'support case SUP-2026-0412' };

describe('corrections of archived records go through support, the original kept (O35)', () => {
  let stack: Stack;
  let restoreEnv: () => void;
  beforeAll(async () => {
    restoreEnv = setEnv({ RETENTION_SCHEDULE: 'off' });
    stack = await startStack({ subjects: 12 });
  });
  afterAll(async () => {
    await stack.stop();
    restoreEnv();
  });

  const correct = (input: Record<string, unknown>, as: As = SUPPORT) =>
    stack.query<{ correctArchivedRecord: { id: string; type: string; status: string } }>(
      'mutation($input: CorrectArchivedRecordInput!) { correctArchivedRecord(input: $input) { id type status } }',
      { input },
      as,
    );
  /** The subject's invoices as their export shows them, through the gateway. */
  const invoices = async (subjectId: string): Promise<InvoiceShown[]> => {
    const res = await stack.query<{ subject: { invoices: InvoiceShown[] } }>(exportQuery(), { id: subjectId });
    expect(res.errors).toBeUndefined();
    return res.data!.subject.invoices;
  };
  const corrections = async (): Promise<number> => {
    const rows = await stack.subgraphs.billing.server.db.dataSource.query(
      'SELECT COUNT(*) AS n FROM invoice_correction',
    );
    return Number((rows as Array<{ n: number | string }>)[0].n);
  };
  const ledgerCount = async (): Promise<number> => {
    const res = await stack.query<{ dataSubjectRequests: { totalCount: number } }>(
      'query { dataSubjectRequests(filter: { types: [ARCHIVE_CORRECTION] }) { totalCount } }',
      {},
    );
    return res.data!.dataSubjectRequests.totalCount;
  };
  /** A subject of the demo with at least one invoice. */
  const invoiced = async (from: number): Promise<{ index: number; subjectId: string; invoice: InvoiceShown }> => {
    for (let index = from; index < 12; index++) {
      const subjectId = demoId('subject', index);
      const list = await invoices(subjectId);
      if (list.length > 0) return { index, subjectId, invoice: list[0] };
    }
    throw new Error('no invoiced subject in the demo');
  };

  it("O35: a support agent corrects an invoice's wording: the request completes, the invoice keeps its original description, amount, number and date, the correction is listed with it in the export and in the ledger", async () => {
    const { subjectId, invoice } = await invoiced(0);
    const corrected = 'Mentorat entrepreneurial — mensuel, période 2026-09 (Élodie Dupré-Noël)';
    const res = await correct({
      subjectId,
      invoiceId: invoice.id,
      description: corrected,
      reason: 'Le nom sur la facture était mal orthographié (signalé par la cliente).',
      identityVerification: VERIFIED,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.correctArchivedRecord.type).toBe('ARCHIVE_CORRECTION');
    const done = await waitForStatus(stack, res.data!.correctArchivedRecord.id, ['COMPLETED']);

    const after = (await invoices(subjectId)).find((i) => i.id === invoice.id)!;
    // The archived record as issued: nothing of it rewritten.
    expect(after).toMatchObject({
      number: invoice.number,
      issuedAt: invoice.issuedAt,
      amountCents: invoice.amountCents,
      description: invoice.description,
    });
    expect(after.corrections).toEqual([
      { id: expect.any(String), description: corrected, correctedAt: expect.any(String), requestId: done.id },
    ]);

    // In the ledger: who entered it, which invoice, how the identity was verified; the audit has
    // the invoice but not the wording (billing keeps that, beside the invoice).
    const audit = await stack.query<{
      auditEvents: { nodes: Array<{ action: string; actor: string; detail: string }> };
    }>('query($r: ID) { auditEvents(filter: { requestId: $r }) { nodes { action actor detail } } }', { r: done.id });
    expect(audit.errors).toBeUndefined();
    const nodes = audit.data!.auditEvents.nodes;
    expect(nodes.map((e) => e.action)).toEqual(expect.arrayContaining(['RECEIVED', 'REQUEST_COMPLETED']));
    const received = nodes.find((e) => e.action === 'RECEIVED')!;
    expect(received.actor).toBe('test-support');
    expect(JSON.stringify(received.detail)).toContain(invoice.id);
    expect(JSON.stringify(received.detail)).toContain('IDENTITY_DOCUMENT');
  });

  it("O35: bad input changes nothing: an unknown invoice, another subject's, a blank or oversized wording, no reason, no identity verification, a role other than support or dpo", async () => {
    const { index, subjectId, invoice } = await invoiced(0);
    const other = await invoiced(index + 1);
    const valid = {
      subjectId,
      invoiceId: invoice.id,
      description: 'Mentorat entrepreneurial',
      reason: 'Mauvais programme sur la facture.',
      identityVerification: VERIFIED,
    };
    const ledgerBefore = await ledgerCount();
    const rowsBefore = await corrections();
    const cases: Array<[Record<string, unknown>, string, As?]> = [
      [{ ...valid, invoiceId: randomUUID() }, 'NOT_FOUND'],
      [{ ...valid, subjectId: other.subjectId }, 'NOT_FOUND'],
      [{ ...valid, invoiceId: 'not-a-uuid' }, 'BAD_USER_INPUT'],
      [{ ...valid, description: '   ' }, 'BAD_USER_INPUT'],
      [{ ...valid, description: 'x'.repeat(501) }, 'BAD_USER_INPUT'],
      [{ ...valid, description: 'ligne\u0000cachée' }, 'BAD_USER_INPUT'],
      [{ ...valid, reason: '' }, 'BAD_USER_INPUT'],
      [{ ...valid, reason: 'y'.repeat(1001) }, 'BAD_USER_INPUT'],
      [{ ...valid, identityVerification: null }, 'BAD_USER_INPUT'],
      [valid, 'FORBIDDEN', { role: 'tech' }],
      [valid, 'FORBIDDEN', { role: 'subject', subjectId }],
    ];
    for (const [input, code, as] of cases) {
      const res = await correct(input, as);
      expect({ input, code: res.errors?.[0]?.extensions?.code }).toEqual({ input, code });
      // Nothing personal, no SQL and no stack in the message.
      expect(res.errors![0].message).not.toMatch(/SELECT|INSERT|at .*\.ts|Mentorat/);
    }
    expect(await ledgerCount()).toBe(ledgerBefore);
    expect(await corrections()).toBe(rowsBefore);
    expect((await invoices(subjectId)).find((i) => i.id === invoice.id)!.description).toBe(invoice.description);
  });

  it('O35: a correction goes with its invoice: the sweep that deletes an invoice past the accounting period deletes its corrections, and keeps those of invoices still kept', async () => {
    const kept = await invoiced(0);
    const { subjectId, invoice } = await invoiced(kept.index + 1);
    for (const target of [kept, { subjectId, invoice }]) {
      const res = await correct({
        subjectId: target.subjectId,
        invoiceId: target.invoice.id,
        description: 'Accompagnement individuel',
        reason: 'Mauvais programme sur la facture.',
        identityVerification: VERIFIED,
      });
      await waitForStatus(stack, res.data!.correctArchivedRecord.id, ['COMPLETED']);
    }
    const billing = stack.subgraphs.billing.server.db.dataSource;
    const count = async (invoiceId: string): Promise<number> => {
      const rows = await billing.query<Array<{ n: number | string }>>(
        'SELECT COUNT(*) AS n FROM invoice_correction WHERE invoice_id = ?',
        [invoiceId],
      );
      return Number(rows[0].n);
    };
    expect(await count(invoice.id)).toBe(1);
    expect(await count(kept.invoice.id)).toBeGreaterThan(0);
    // Aged past the accounting period (7 or 10 years): the sweep of today deletes it.
    await billing.getRepository(InvoiceEntity).update(invoice.id, { issuedAt: new Date('2012-01-15T10:00:00Z') });
    await sweepAndWait(stack, null);
    expect((await invoices(subjectId)).map((i) => i.id)).not.toContain(invoice.id);
    expect(await count(invoice.id)).toBe(0);
    expect(await count(kept.invoice.id)).toBeGreaterThan(0);
  });
});
