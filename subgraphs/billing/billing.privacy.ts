import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { fail } from '../../common/errors';
import { addDuration } from '../../common/duration';
import type { Recipient } from '../../common/privacy';
import {
  entityReceipt,
  notAsked,
  NotErasedReason,
  RetentionGround,
  type Changes,
  type EntityReceipt,
  type ArchivedCorrection,
  type ContractOperation,
  type ContractOutcome,
  type PrivacyHandlers,
  type RetainedRecord,
} from '../../common/privacy-contract';
import type { PrivacyPolicy } from '../../policies';
import { BILLING_HOLDABLE, BillingPrivacyStore, type AccountContact, type DatedRecord } from './billing.privacy.store';
import { billingRetention } from './billing.retention';

/**
 * What the privacy contract does with billing data. Invoices and payments are accounting
 * records the law makes us keep (Art. 17(3)(b)) for the policy's accounting period (7 years
 * ophelantyra, 10 veloraqenvi), counted from each record's own date. The account stays with
 * them, for the name and address an invoice must show, but loses its copies of the email and
 * phone; without any accounting record it goes entirely, with the subscriptions.
 */
export const billingPrivacy: PrivacyHandlers = {
  async erase(tx: EntityManager, op: ContractOperation): Promise<ContractOutcome> {
    const store = new BillingPrivacyStore(tx);
    const until = accountingUntil(op.policy);
    const invoices = (await store.invoices(op.subjectId)).map((r) => retained(r, until));
    const payments = (await store.payments(op.subjectId)).map((r) => retained(r, until));
    const records = [...invoices, ...payments];

    const account =
      records.length > 0
        ? await keepAccount(store, op.subjectId, records)
        : entityReceipt('BillingAccount', { deleted: await store.deleteAccount(op.subjectId) });
    const subscriptions = await store.deleteSubscriptions(op.subjectId);

    const hadAccount = account.anonymised + account.deleted > 0;
    return {
      entities: [
        account,
        entityReceipt('PlanSubscription', { deleted: subscriptions }),
        entityReceipt('Invoice', { retained: invoices }),
        entityReceipt('Payment', { retained: payments }),
      ],
      recipients: billingRecipients(hadAccount || payments.length > 0),
    };
  },

  /**
   * A partial erasure. BILLING: the subscriptions go; the invoices stay for the accounting period
   * (Art. 17(3)(b)), and the account's name and address with them while the account is open.
   * PAYMENT: the payments stay for the same period. CONTACT: the account's copies of the email
   * and phone go.
   */
  async eraseCategories(tx, op): Promise<ContractOutcome> {
    const store = new BillingPrivacyStore(tx);
    const asked = op.categories;
    const until = accountingUntil(op.policy);
    const subscriptions = asked.has('BILLING') ? await store.deleteSubscriptions(op.subjectId) : 0;
    const contact = asked.has('CONTACT') ? await store.clearContact(op.subjectId) : 0;
    const invoices = asked.has('BILLING') ? (await store.invoices(op.subjectId)).map((r) => retained(r, until)) : [];
    const payments = asked.has('PAYMENT') ? (await store.payments(op.subjectId)).map((r) => retained(r, until)) : [];
    const account = notAsked(['BILLING', 'CONTACT', 'PAYMENT'], asked, {
      BILLING: NotErasedReason.NEEDED_FOR_THE_ACCOUNT,
      PAYMENT: NotErasedReason.NEEDED_FOR_THE_ACCOUNT,
    });
    return {
      entities: [
        entityReceipt('BillingAccount', { anonymised: contact, notErased: account }),
        entityReceipt('PlanSubscription', { deleted: subscriptions, notErased: notAsked(['BILLING'], asked) }),
        entityReceipt('Invoice', { retained: invoices, notErased: notAsked(['BILLING'], asked) }),
        entityReceipt('Payment', { retained: payments, notErased: notAsked(['PAYMENT'], asked) }),
      ],
      recipients: contact + subscriptions > 0 ? billingRecipients(true) : [],
    };
  },

  /** The account's copies of the name, email and phone, and its address (what invoices and payment notices use). */
  async rectify(tx: EntityManager, op: ContractOperation, changes: Changes): Promise<ContractOutcome> {
    const updated = await new BillingPrivacyStore(tx).updateContact(op.subjectId, accountContact(changes));
    return {
      entities: [entityReceipt('BillingAccount', { updated })],
      // The payment provider holds the customer under these details.
      recipients: updated > 0 ? billingRecipients(true) : [],
    };
  },

  /**
   * An issued invoice's wording corrected (O35): a row beside the invoice, which stays as issued
   * (number, date, amount, description), as accounting law keeps it. The ledger checked the
   * invoice before recording the request; checked again here, in the same transaction as the write.
   */
  async correctArchived(tx: EntityManager, op: ContractOperation, correction: ArchivedCorrection) {
    const store = new BillingPrivacyStore(tx);
    if (!(await store.invoiceOf(op.subjectId, correction.recordId)))
      throw fail('NOT_FOUND', 'No such invoice of this subject: nothing was recorded.');
    await store.addCorrection({
      id: randomUUID(),
      invoiceId: correction.recordId,
      subjectId: op.subjectId,
      requestId: op.requestId,
      description: correction.description,
      correctedAt: op.at,
    });
    return { entities: [entityReceipt('InvoiceCorrection', { updated: 1 })] };
  },

  archivedRecord: (tx, subjectId, recordId) => new BillingPrivacyStore(tx).invoiceOf(subjectId, recordId),

  async recipients(tx: EntityManager, subjectId: string): Promise<Recipient[]> {
    return billingRecipients(await new BillingPrivacyStore(tx).knownToPaymentProvider(subjectId));
  },

  retain: billingRetention,

  holdable: BILLING_HOLDABLE,
};

/** The account of a customer with accounting records: kept as long as the last of them, without the contact copies. */
async function keepAccount(
  store: BillingPrivacyStore,
  subjectId: string,
  records: RetainedRecord[],
): Promise<EntityReceipt> {
  const anonymised = await store.clearContact(subjectId);
  if (anonymised === 0) return entityReceipt('BillingAccount');
  const last = new Date(Math.max(...records.map((r) => r.until?.getTime() ?? 0)));
  return entityReceipt('BillingAccount', {
    anonymised,
    retained: [{ id: subjectId, ground: RetentionGround.ART_17_3_B, until: last, untilEvent: null }],
  });
}

function accountContact(changes: Changes): AccountContact {
  const contact: AccountContact = {};
  if (changes.fullName !== undefined) contact.billingName = changes.fullName;
  if (changes.email !== undefined) contact.billingEmail = changes.email;
  if (changes.phone !== undefined) contact.billingPhone = changes.phone;
  // Checked with its supporting document (evidenceRef) by validChanges before any call.
  if (changes.billingAddress !== undefined) Object.assign(contact, changes.billingAddress);
  return contact;
}

/** The date an accounting record may go, from the date it was made. */
function accountingUntil(policy: PrivacyPolicy): (from: Date) => Date {
  const { period } = policy.retention.accounting;
  // Both policies set one; a policy without would keep invoices forever, which no law asks.
  if (period === null) throw new Error(`policy ${policy.id} sets no accounting retention period`);
  return (from) => addDuration(from, period);
}

function retained(record: DatedRecord, until: (from: Date) => Date): RetainedRecord {
  return { id: record.id, ground: RetentionGround.ART_17_3_B, until: until(record.at), untilEvent: null };
}

function billingRecipients(paymentProvider: boolean): Recipient[] {
  return paymentProvider ? ['HOSTING_PROVIDER', 'PAYMENT_PROVIDER'] : ['HOSTING_PROVIDER'];
}
