import type { EntityManager } from 'typeorm';
import type { DemoSubject, Programme } from '../../common/demo/plan';
import { countFor } from '../../common/demo/plan';
import { boundariesOf } from '../../common/demo/boundaries';
import { insertRows } from '../../common/demo/insert';
import { daysBefore, demoId, type Rng } from '../../common/demo/random';
import { isoDate } from '../../common/duration';
import { BillingAccountEntity } from './entities/billing-account.entity';
import { InvoiceEntity, type InvoiceStatus } from './entities/invoice.entity';
import { PaymentEntity, type PaymentMethod } from './entities/payment.entity';
import { SubscriptionEntity } from './entities/subscription.entity';

const PLANS: Record<Programme, { name: string; cents: number }> = {
  MENTORING: { name: 'Mentorat entrepreneurial — mensuel', cents: 15_000 },
  BUDGET_EDUCATION: { name: 'Éducation budgétaire — mensuel', cents: 1_900 },
};
const STREETS = [
  'rue de la République',
  'place Bellecour',
  'avenue Jean Jaurès',
  'rue des Forges',
  'quai Saint-Vincent',
  'rue Chabot-Charny',
  'boulevard de Brosses',
  'impasse des Tilleuls',
];
const CITIES: ReadonlyArray<readonly [string, string]> = [
  ['69002', 'Lyon'],
  ['69100', 'Villeurbanne'],
  ['21000', 'Dijon'],
  ['21200', 'Beaune'],
  ['75011', 'Paris'],
  ['13006', 'Marseille'],
  ['33000', 'Bordeaux'],
];
const METHODS: readonly PaymentMethod[] = ['CARD', 'CARD', 'SEPA_DEBIT', 'TRANSFER'];
const REF_CHARS = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'];
const BILLING_PERIOD_DAYS = 30;

/**
 * Chosen by index rather than chance so that even a small demo has an unpaid and a cancelled
 * invoice to show. Fixed-volume subjects need one payment per invoice: all of theirs are paid.
 */
function invoiceStatus(s: DemoSubject, n: number, count: number): InvoiceStatus {
  if (s.traits.has('fixed-volume')) return 'PAID';
  if (n === count - 1 && s.index % 3 === 1) return 'OPEN';
  if (n === 0 && count > 1 && s.index % 4 === 2) return 'VOID';
  return 'PAID';
}

/** Looks like the payment provider's ids (cus_..., pi_...) without being anyone's. */
function providerRef(r: Rng, prefix: string, length: number): string {
  let ref = `${prefix}_`;
  for (let i = 0; i < length; i += 1) ref += r.pick(REF_CHARS);
  return ref;
}

export async function seedBilling(db: EntityManager, plan: readonly DemoSubject[], now: Date): Promise<void> {
  const accounts: BillingAccountEntity[] = [];
  const invoices: InvoiceEntity[] = [];
  const payments: PaymentEntity[] = [];
  const subscriptions: SubscriptionEntity[] = [];
  // Invoice numbers are unique across the whole ledger, not per subject.
  let invoiceSeq = 0;

  for (const s of plan) {
    const r = s.rng('billing');
    const offer = PLANS[s.programme];
    // An inactive subject stopped paying when they stopped coming: their billing ends then.
    const until = s.status === 'INACTIVE' && s.lastLoginAt ? s.lastLoginAt : now;
    const [postalCode, city] = r.pick(CITIES);
    accounts.push({
      subjectId: s.id,
      billingName: s.fullName,
      addressLine: `${r.int(1, 120)} ${r.pick(STREETS)}`,
      postalCode,
      city,
      country: 'FR',
      billingEmail: s.email,
      billingPhone: s.phone,
      providerCustomerRef: providerRef(r, 'cus', 14),
    });

    // One invoice a month, the latest a few weeks before `until`; each PAID one has its payment.
    const invoiceCount = countFor(s, r, true);
    for (let n = 0; n < invoiceCount; n += 1) {
      const issuedDaysAgo = 15 + (invoiceCount - 1 - n) * BILLING_PERIOD_DAYS + r.int(0, 5);
      const issuedAt = daysBefore(until, issuedDaysAgo, r.int(0, 600));
      const status = invoiceStatus(s, n, invoiceCount);
      invoiceSeq += 1;
      const invoice: InvoiceEntity = {
        id: demoId('invoice', s.index, n),
        subjectId: s.id,
        number: `F-${issuedAt.getUTCFullYear()}-${String(invoiceSeq).padStart(6, '0')}`,
        issuedAt,
        dueAt: isoDate(daysBefore(issuedAt, -BILLING_PERIOD_DAYS)),
        amountCents: offer.cents,
        currency: 'EUR',
        status,
        description: `${offer.name}, période ${isoDate(issuedAt).slice(0, 7)}`,
      };
      invoices.push(invoice);
      if (status === 'PAID') {
        payments.push({
          id: demoId('payment', s.index, n),
          subjectId: s.id,
          invoiceId: invoice.id,
          paidAt: daysBefore(until, issuedDaysAgo - r.int(0, 10), r.int(0, 600)),
          amountCents: invoice.amountCents,
          currency: invoice.currency,
          method: r.pick(METHODS),
          providerPaymentRef: providerRef(r, 'pi', 24),
        });
      }
    }

    // Retention showcase: an invoice and its payment on each side of every accounting period
    // (7 years ophelantyra, 10 veloraqenvi). Numbered apart, so the others keep their numbers.
    if (s.traits.has('long-standing')) {
      const b = s.rng('billing-retention');
      for (const [k, { period, expired, notYet }] of boundariesOf(now, (p) => p.retention.accounting).entries())
        for (const [side, issuedAt] of [
          ['expired', expired],
          ['not-yet', notYet],
        ] as const) {
          const id = demoId('invoice', s.index, `${side}-${k}`);
          invoices.push({
            id,
            subjectId: s.id,
            number: `F-${issuedAt.getUTCFullYear()}-A${String(s.index).padStart(5, '0')}-${k}${side === 'expired' ? 'E' : 'N'}`,
            issuedAt,
            dueAt: isoDate(daysBefore(issuedAt, -BILLING_PERIOD_DAYS)),
            amountCents: offer.cents,
            currency: 'EUR',
            status: 'PAID',
            description: `${offer.name}, période ${isoDate(issuedAt).slice(0, 7)} (archive, ${period})`,
          });
          payments.push({
            id: demoId('payment', s.index, `${side}-${k}`),
            subjectId: s.id,
            invoiceId: id,
            // Paid the same day: both sit on the same side of the period.
            paidAt: issuedAt,
            amountCents: offer.cents,
            currency: 'EUR',
            method: b.pick(METHODS),
            providerPaymentRef: providerRef(b, 'pi', 24),
          });
        }
    }

    // Renewed month after month; only the latest can still run.
    const subscriptionCount = countFor(s, r, true);
    for (let n = 0; n < subscriptionCount; n += 1) {
      const current = n === subscriptionCount - 1 && s.status === 'ACTIVE';
      const startedDaysAgo = (subscriptionCount - n) * BILLING_PERIOD_DAYS + r.int(0, 5);
      const renews = current && r.chance(0.7);
      subscriptions.push({
        id: demoId('subscription', s.index, n),
        subjectId: s.id,
        plan: offer.name,
        status: current ? 'ACTIVE' : r.chance(0.3) ? 'CANCELLED' : 'EXPIRED',
        startedAt: daysBefore(until, startedDaysAgo, r.int(0, 600)),
        endsAt: renews
          ? null
          : current
            ? daysBefore(now, -r.int(30, 180))
            : daysBefore(until, startedDaysAgo - BILLING_PERIOD_DAYS),
        renewsAutomatically: renews,
      });
    }
  }

  await insertRows(db, BillingAccountEntity, accounts);
  await insertRows(db, InvoiceEntity, invoices);
  await insertRows(db, PaymentEntity, payments);
  await insertRows(db, SubscriptionEntity, subscriptions);
}
