import type { GraphQLError } from 'graphql';
import { fail, noSuchSubject } from '../../common/errors';
import { email as emailLookupKey } from '../../common/validation';
import type { EntityManager } from 'typeorm';
import type { Recipient } from '../../common/privacy';
import {
  entityReceipt,
  type Changes,
  ConsentPurpose,
  type ContractOperation,
  type ContractOutcome,
  type PrivacyHandlers,
} from '../../common/privacy-contract';
import type { PersonalCategory } from '../../common/privacy';
import { notAsked, NotErasedReason } from '../../common/privacy-contract';
import {
  PROFILE_HOLDABLE,
  ProfilePrivacyStore,
  type ProfileRecordTable,
  type SubjectColumn,
} from './profile.privacy.store';
import { ProfileRectificationStore, type SubjectRectification } from './profile.rectification.store';
import { marketingOff, preferencesChanged, processingStopped } from './marketing';

/** The subject row's columns a partial erasure clears, with their category (the `@personal` of the field). */
const SUBJECT_COLUMNS: ReadonlyArray<[SubjectColumn, PersonalCategory]> = [
  ['phone', 'CONTACT'],
  ['birthDate', 'DEMOGRAPHIC'],
  ['locale', 'PREFERENCES'],
  ['lastLoginAt', 'USAGE'],
];

/** The profile's records a partial erasure deletes, with their category, in receipt order. */
const PROFILE_RECORDS: ReadonlyArray<[entity: string, table: ProfileRecordTable, category: PersonalCategory]> = [
  ['ProfessionalContext', 'professional_context', 'PROFESSIONAL'],
  ['FinancialSituation', 'financial_situation', 'FINANCIAL'],
  ['EmployerSponsorship', 'employer_sponsorship', 'PROFESSIONAL'],
  ['CommunicationPreferences', 'communication_preference', 'PREFERENCES'],
];
import type { SubjectEntity } from './entities/subject.entity';
import { subjectSearchKey } from './search-key';

/** Where the contact data is always sent: the mail service and the host of the database. */
const ALWAYS: Recipient[] = ['EMAIL_PROVIDER', 'HOSTING_PROVIDER'];

/**
 * Who received each rectifiable field (the `recipients` of its @personal on DataSubject): they
 * are told of the new value (Art. 19).
 */
const RECIPIENTS_OF: Record<keyof Changes, Recipient[]> = {
  fullName: ['HOSTING_PROVIDER', 'EMAIL_PROVIDER', 'MENTOR'],
  email: ['HOSTING_PROVIDER', 'EMAIL_PROVIDER'],
  phone: ['HOSTING_PROVIDER'],
  professional: ['MENTOR'],
  financialSituation: [],
  communicationPreferences: [],
  // The billing subgraph's (the payment provider); the profile holds neither.
  billingAddress: [],
  evidenceRef: [],
};

/** A group that would add a record with parts missing: refused, nothing changes (the leg fails at once). */
function incomplete(group: string, needed: string): GraphQLError {
  return fail('BAD_USER_INPUT', `The subject has no ${group} yet: give ${needed} to add one.`, {
    argumentName: `changes.${group}`,
  });
}

/** The address is not repeated: it is someone's personal data, maybe someone else's. */
function emailTaken(): GraphQLError {
  return fail('EMAIL_TAKEN', 'Another subject already has this email address.');
}

/**
 * An erasure's receipt: every kind of record the profile holds, in this order, zeros included, so
 * receipts compare. (Restrictions are erased, and counted, by the contract in every subgraph.)
 */
function erasureReceipt(counts: {
  subject: number;
  consentEvents: number;
  professional: number;
  financial: number;
  sponsorship: number;
  preferences: number;
}) {
  return [
    entityReceipt('DataSubject', { anonymised: counts.subject }),
    entityReceipt('ConsentEvent', { deleted: counts.consentEvents }),
    entityReceipt('ProfessionalContext', { deleted: counts.professional }),
    entityReceipt('FinancialSituation', { deleted: counts.financial }),
    entityReceipt('EmployerSponsorship', { deleted: counts.sponsorship }),
    entityReceipt('CommunicationPreferences', { deleted: counts.preferences }),
  ];
}

const NOTHING = { subject: 0, consentEvents: 0, professional: 0, financial: 0, sponsorship: 0, preferences: 0 };

/** The subject row, or null once it is a tombstone; NOT_FOUND when there is none. */
async function liveSubject(store: ProfilePrivacyStore, subjectId: string): Promise<SubjectEntity | null> {
  const subject = await store.subject(subjectId);
  if (!subject) throw noSuchSubject();
  return subject.status === 'ERASED' ? null : subject;
}

/**
 * The profile's part of the privacy contract (common/privacy-contract). The contract runs each
 * of these in its transaction, once per request id, and never after an erasure; the checks for
 * an erased subject below are a second lock on the same door.
 */
export const profilePrivacyHandlers: PrivacyHandlers = {
  /**
   * Erasure: the subject row becomes a tombstone (id, status ERASED, created and erased dates,
   * the request id), everything else the profile holds of them is deleted. Nothing is kept on
   * an Art. 17(3) ground here: the consent proof goes too, as the processing it allowed ends.
   *
   * Recipients told (Art. 19): the mail service and the host always held name and email; the
   * mentors saw the name (kept simple: every subject may have had one; the sessions subgraph
   * knows who); the employer only if it sponsored the subject.
   */
  async erase(tx: EntityManager, op: ContractOperation): Promise<ContractOutcome> {
    const store = new ProfilePrivacyStore(tx);
    // The deferred part of an erasure (a hold released) finds the subject ERASED already.
    if (!op.deferred && !(await liveSubject(store, op.subjectId))) return { entities: erasureReceipt(NOTHING) };
    const deleted = await store.deleteRecords(op.subjectId);
    // ERASED even when a hold keeps the identity: the erasure happened, its effect on held data waits.
    await store.markErased(op.subjectId, op.at, op.requestId);
    const subject = await store.tombstone(op.subjectId);
    const recipients: Recipient[] = [...ALWAYS, 'MENTOR', ...(deleted.sponsorship > 0 ? (['EMPLOYER'] as const) : [])];
    return { entities: erasureReceipt({ subject, ...deleted }), recipients };
  },

  /**
   * A partial erasure (decision 87): the subject stays, with their name and email (IDENTITY and
   * the sign-in address: only erasing the subject takes those). CONTACT clears the phone;
   * DEMOGRAPHIC the birth date; PREFERENCES the language and the communication preferences; USAGE
   * the last sign-in; PROFESSIONAL the professional context and the sponsorship; FINANCIAL the
   * financial situation. CONSENT is not erased: the proof lasts as long as the account.
   */
  async eraseCategories(tx, op): Promise<ContractOutcome> {
    const store = new ProfilePrivacyStore(tx);
    if (!op.deferred && !(await liveSubject(store, op.subjectId))) return { entities: [] };
    const asked = op.categories;
    const columns = SUBJECT_COLUMNS.filter(([, category]) => asked.has(category)).map(([column]) => column);
    const subject = await store.clearColumns(op.subjectId, columns);
    const entities = [
      entityReceipt('DataSubject', {
        anonymised: subject,
        notErased: notAsked(['IDENTITY', 'CONTACT', 'DEMOGRAPHIC', 'PREFERENCES', 'ACCOUNT', 'USAGE'], asked, {
          CONTACT: NotErasedReason.NEEDED_FOR_THE_ACCOUNT,
        }),
      }),
      entityReceipt('ConsentEvent', {
        notErased: notAsked(['CONSENT'], asked, { CONSENT: NotErasedReason.PROOF_OF_CONSENT }),
      }),
    ];
    let deletedAny = false;
    for (const [entity, table, category] of PROFILE_RECORDS) {
      const deleted = asked.has(category) ? await store.deleteOf(table, op.subjectId) : 0;
      deletedAny ||= deleted > 0;
      entities.push(entityReceipt(entity, { deleted, notErased: notAsked([category], asked) }));
    }
    return { entities, recipients: subject > 0 || deletedAny ? ALWAYS : [] };
  },

  /**
   * Rectification (Art. 16) of name, email and phone (the search and lookup keys follow), and of
   * the professional context, financial situation and preferences the subject gave. The receipt
   * names the kinds of record the change reached, in the order of the input.
   */
  async rectify(tx: EntityManager, op: ContractOperation, changes: Changes): Promise<ContractOutcome> {
    const subject = await liveSubject(new ProfilePrivacyStore(tx), op.subjectId);
    if (!subject) return { entities: [entityReceipt('DataSubject')] };
    const store = new ProfileRectificationStore(tx);
    const updated: string[] = [];
    if (changes.professional) {
      if (!(await store.rectifyProfessional(op.subjectId, changes.professional)))
        throw incomplete('professional', 'sector, companySize, jobTitle and yearsOfExperience');
      updated.push('ProfessionalContext');
    }
    if (changes.financialSituation) {
      if (!(await store.rectifyFinancial(op.subjectId, changes.financialSituation, op.at)))
        throw incomplete('financialSituation', 'incomeBand and householdSize');
      updated.push('FinancialSituation');
    }
    if (changes.communicationPreferences) {
      if (!(await store.rectifyPreferences(op.subjectId, changes.communicationPreferences, op.at)))
        throw incomplete('communicationPreferences', 'preferredChannel');
      await preferencesChanged(tx, op, changes.communicationPreferences);
      updated.push('CommunicationPreferences');
    }
    const values: SubjectRectification = {};
    if (changes.fullName !== undefined) values.fullName = changes.fullName;
    if (changes.phone !== undefined) values.phone = changes.phone;
    if (changes.email !== undefined) {
      // The same key subjectByEmail looks up (common/validation.ts).
      const emailKey = emailLookupKey(changes.email);
      if (await store.emailKeyTaken(emailKey, op.subjectId)) throw emailTaken();
      values.email = changes.email;
      values.emailKey = emailKey;
    }
    if (values.fullName !== undefined || values.email !== undefined) {
      values.searchKey = subjectSearchKey(
        values.fullName ?? subject.fullName ?? '',
        values.email ?? subject.email ?? '',
      );
    }
    await store.rectify(op.subjectId, values);
    if (Object.keys(values).length > 0) updated.unshift('DataSubject');
    const changed = (Object.keys(RECIPIENTS_OF) as Array<keyof Changes>).filter(
      (field) => changes[field] !== undefined,
    );
    return {
      entities: updated.map((entity) => entityReceipt(entity, { updated: 1 })),
      recipients: [...new Set(changed.flatMap((field) => RECIPIENTS_OF[field]))],
    };
  },

  /** The consent proof (Art. 7(1)) is the profile's: the grant or withdrawal is appended to it. */
  async consent(
    tx: EntityManager,
    op: ContractOperation,
    purpose: ConsentPurpose,
    granted: boolean,
  ): Promise<ContractOutcome> {
    const store = new ProfilePrivacyStore(tx);
    if (!(await liveSubject(store, op.subjectId))) return { entities: [entityReceipt('ConsentEvent')] };
    await store.appendConsent(op.subjectId, purpose, granted, op.at, 'RIGHTS_REQUEST');
    if (purpose === ConsentPurpose.MARKETING && !granted) await marketingOff(tx, op.subjectId, op.at);
    return { entities: [entityReceipt('ConsentEvent', { updated: 1 })] };
  },

  /** A closure: the account is CLOSED (out of every processing list); its erasure follows as the policy says. */
  async close(tx: EntityManager, op: ContractOperation): Promise<ContractOutcome> {
    const store = new ProfilePrivacyStore(tx);
    if (!(await liveSubject(store, op.subjectId))) return { entities: [entityReceipt('DataSubject')] };
    return { entities: [entityReceipt('DataSubject', { updated: await store.close(op.subjectId) })] };
  },

  /** Who holds the profile's data about the subject, to be told of a restriction. */
  async recipients(tx: EntityManager, subjectId: string): Promise<Recipient[]> {
    return [
      ...ALWAYS,
      ...((await new ProfilePrivacyStore(tx).hasSponsorship(subjectId)) ? (['EMPLOYER'] as const) : []),
    ];
  },

  processingStopped,
  holdable: PROFILE_HOLDABLE,
};
