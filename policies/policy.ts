/**
 * A privacy policy the product can be configured with (POLICY=ophelantyra|veloraqenvi). Every
 * period, deadline and limit a policy promises is here as data, with the sentence of the policy
 * it comes from, so the export, the register and (later) erasure and retention jobs read the
 * same promise the organisation made.
 */
import type { RetentionKey } from './vocabulary';

/** An ISO 8601 duration: P15D, P1M, P7Y. */
export type Duration = `P${string}`;

export interface RetentionRule {
  /** How long after `from`; null: as long as `from` lasts (while the account is open...). */
  period: Duration | null;
  from:
    'account-active' | 'account-closure' | 'collection' | 'last-contact' | 'resolution' | 'inactivity' | 'withdrawal';
  /** What happens then. */
  then: 'DELETE' | 'ANONYMISE';
  /** Plain English, for exports and the register. */
  description: string;
  /** The policy's own words. */
  quote: string;
}

export type TicketTypeName = 'TECHNICAL_QUESTION' | 'COMMERCIAL_REQUEST' | 'COMPLAINT' | 'IMPROVEMENT_SUGGESTION';

export interface PrivacyPolicy {
  /**
   * A dpo reviews every access or portability package before its subject may fetch it
   * (approveExport). Neither policy asks for it; an organisation may. Absent: false.
   */
  accessReview?: boolean;
  id: 'ophelantyra' | 'veloraqenvi';
  controller: { name: string; address: string; contact: string; activity: string };
  /** The day the policy is in force from (YYYY-MM-DD): the retention sweep refuses an earlier `asOf`. */
  effectiveDate: string | null;
  /** Art. 12(3): one month by default, extendable by two; a policy may promise less. */
  deadlines: {
    default: Duration;
    access: Duration;
    portability: Duration;
    erasure: Duration;
    rectification: Duration;
    maxExtension: Duration;
  };
  /** Under this age an account is not kept without parental consent. */
  minimumAge: number;
  retention: Record<RetentionKey, RetentionRule>;
  /** Support requests kept by type (veloraqenvi); absent types follow retention.support. */
  supportRetentionByType: Partial<Record<TicketTypeName, RetentionRule>>;
  /**
   * What a closure (closeAccount) schedules: the account is CLOSED at once, and an ordinary
   * erasure is submitted by the first sweep on or after the closure's day plus `eraseAfter`
   * (P0D: at once, when the closure completes). What the erasure keeps is the erasure's rules.
   */
  closure: {
    eraseAfter: Duration;
    /** The policy's own words. */
    quote: string;
  };
  /**
   * Under `minimumAge`: null, the data is deleted when the minor is discovered (an ordinary
   * erasure submitted by the sweep); a duration, the legal representatives are contacted and the
   * account is erased that long after the contact unless a parental consent is recorded.
   */
  minors: { consentDelay: Duration | null };
  inactivity: {
    /** Warn the subject after this long without a login... */
    warnAfter: Duration | null;
    /** ...and erase if they do not react within this. */
    eraseAfterWarning: Duration | null;
  };
  /** Processing that needs the subject's consent before it runs. */
  consentRequiredFor: string[];
  supervisoryAuthority: string;
  /**
   * The product's own records (the `requests` database), which neither policy names: how long
   * the retention sweep keeps them. Read by the sweep like every period above.
   */
  records: Record<ProductRecordKey, RetentionRule>;
}

/** The product's own records the sweep prunes: the access log, the outbox, the audit log. */
export type ProductRecordKey =
  'access-log' | 'outbox' | 'audit-log' | 'erased-subject-leftovers' | 'access-packages' | 'idempotency-keys';

/**
 * Neither policy gives the records of rights requests a period: both keep them 5 years as proof
 * of what was asked and done (Art. 5(2)), the French limitation period for claims (decision 45).
 */
export const RIGHTS_REQUESTS_RETENTION: RetentionRule = {
  period: 'P5Y',
  from: 'collection',
  then: 'DELETE',
  description:
    'Records of rights requests and what was done for them, kept 5 years as proof (the policy sets no period: see docs/decisions.md).',
  quote: '(not stated by the policy)',
};

/**
 * The product's own records (decision 63). Neither policy sets these periods; the values are
 * ours, said in the register and the README, and each policy file may change them.
 */
export const PRODUCT_RECORDS_RETENTION: Record<ProductRecordKey, RetentionRule> = {
  'access-log': {
    period: 'P1Y',
    from: 'collection',
    then: 'DELETE',
    description:
      'The access log (who read which fields of whom) kept 1 year, the span the CNIL recommends for such traces.',
    quote: '(not stated by the policy)',
  },
  outbox: {
    period: 'P3M',
    from: 'collection',
    then: 'DELETE',
    description: 'Copies of the messages sent (an email confirmation code) kept 3 months, then deleted.',
    quote: '(not stated by the policy)',
  },
  'audit-log': {
    period: 'P5Y',
    from: 'collection',
    then: 'DELETE',
    description:
      'Rows of the audit log kept 5 years like the requests they record; pruning leaves an anchor so the chain still verifies.',
    quote: '(not stated by the policy)',
  },
  'erased-subject-leftovers': {
    period: 'P0D',
    from: 'account-closure',
    then: 'DELETE',
    description:
      'What an erasure left in the ledger (the messages sent to the subject, the reasons and values of their requests) removed at the first sweep after it.',
    quote: '(not stated by the policy)',
  },
  'idempotency-keys': {
    period: 'P1D',
    from: 'collection',
    then: 'DELETE',
    description:
      "A client's Idempotency-Key claim (a hash of the caller and the key, and the request it answers with) kept 1 day, the period it answers for, then deleted.",
    quote: '(not stated by the policy)',
  },
  'access-packages': {
    period: 'P0D',
    from: 'collection',
    then: 'DELETE',
    description:
      'An access or portability package, served to its subject for PACKAGE_TTL_DAYS (7 by default), deleted at the first sweep after it expires; the request records when.',
    quote: '(not stated by the policy)',
  },
};
