/**
 * processing.json: per category of data held, every item Art. 15(1)(a)-(h) and 15(2) says the
 * subject must be told, each as a statement in French and English with its details. The
 * categories, purposes, bases, sources and recipients come from the supergraph's @personal
 * classification; periods from the policy's schedule; rights, authority, automated decisions
 * and transfers from the policy's transparency statement (policies/transparency.ts).
 */
import type { GraphQLSchema } from 'graphql';
import type { PrivacyPolicy } from '../../policies';
import { transparencyOf } from '../../policies/transparency';
import type { Bilingual, RightStatement } from '../../policies/transparency.types';
import { isPortable, processingRecords, type ProcessingRecord } from '../subject-export';
import { reachableFields } from '../supergraph';
import { BASIS_LABELS, CATEGORY_LABELS, label, PURPOSE_LABELS, RECIPIENT_LABELS, SOURCE_LABELS } from './labels';

export const PROCESSING_FORMAT = 'access-package-processing/1';

/** Which key of a category's entry answers which point of Art. 15. */
export const ART15_ITEMS = {
  '15(1)(a)': 'purposes',
  '15(1)(b)': 'categoryOfData',
  '15(1)(c)': 'recipients',
  '15(1)(d)': 'retention',
  '15(1)(e)': 'rights',
  '15(1)(f)': 'complaint',
  '15(1)(g)': 'source',
  '15(1)(h)': 'automatedDecisions',
  '15(2)': 'transfers',
} as const;

export type Art15Key = (typeof ART15_ITEMS)[keyof typeof ART15_ITEMS];

interface Coded extends Bilingual {
  code: string;
}

/** One point of Art. 15 for one category: what a person reads, and the details behind it. */
export interface Art15Item {
  article: keyof typeof ART15_ITEMS;
  statement: Bilingual;
  [detail: string]: unknown;
}

export interface CategoryProcessing extends Record<Art15Key, Art15Item> {
  category: string;
  label: Bilingual;
  /** The fields of data.json that hold it (`Type.field`). */
  fields: string[];
  legalBases: Coded[];
}

export interface ProcessingFile {
  format: typeof PROCESSING_FORMAT;
  policy: PrivacyPolicy['id'];
  controller: PrivacyPolicy['controller'];
  articles: typeof ART15_ITEMS;
  categories: CategoryProcessing[];
}

const coded = (table: Partial<Record<string, Bilingual>>, codes: string[]): Coded[] =>
  codes.map((code) => ({ code, ...label(table, code) }));

const join = (items: Coded[], lang: keyof Bilingual): string => items.map((i) => i[lang]).join(', ');

function rightsFor(record: ProcessingRecord, rights: RightStatement[], portable: boolean): RightStatement[] {
  return rights.filter((r) => {
    if (r.right === 'OBJECTION') return record.legalBases.includes('LEGITIMATE_INTEREST');
    if (r.right === 'WITHDRAW_CONSENT') return record.legalBases.includes('CONSENT');
    if (r.right === 'PORTABILITY') return portable;
    return true;
  });
}

function categoryEntry(record: ProcessingRecord, policy: PrivacyPolicy, portable: boolean): CategoryProcessing {
  const t = transparencyOf(policy);
  const purposes = coded(PURPOSE_LABELS, record.purposes);
  const bases = coded(BASIS_LABELS, record.legalBases);
  const sources = coded(SOURCE_LABELS, record.sources);
  const recipients = coded(RECIPIENT_LABELS, record.recipients).map((r) => ({
    ...r,
    outsideEea: (t.transfersOutsideEea.recipients as string[]).includes(r.code),
  }));
  const abroad = recipients.filter((r) => r.outsideEea);
  const decisions = t.automatedDecisions.filter((d) => d.categories.includes(record.category));
  const rights = rightsFor(record, t.rights, portable);
  const name = label(CATEGORY_LABELS, record.category);
  return {
    category: record.category,
    label: name,
    fields: record.fields,
    legalBases: bases,
    purposes: {
      article: '15(1)(a)',
      statement: {
        fr: `Utilisé pour : ${join(purposes, 'fr')} ; fondement : ${join(bases, 'fr')}.`,
        en: `Used for: ${join(purposes, 'en')}; on the basis of ${join(bases, 'en')}.`,
      },
      purposes,
      legalBases: bases,
    },
    categoryOfData: {
      article: '15(1)(b)',
      statement: { fr: name.fr, en: name.en },
      fields: record.fields,
    },
    recipients: {
      article: '15(1)(c)',
      statement: recipients.length
        ? { fr: `Communiqué à : ${join(recipients, 'fr')}.`, en: `Disclosed to: ${join(recipients, 'en')}.` }
        : {
            fr: 'Communiqué à aucun destinataire hors de nos services.',
            en: 'Disclosed to no recipient outside our services.',
          },
      recipients,
    },
    retention: retentionItem(record, policy),
    rights: {
      article: '15(1)(e)',
      statement: {
        fr: `Vos droits sur ces données : ${rights.map((r) => `${r.what.fr} ${r.how.fr}`).join(' ')}`,
        en: `Your rights over this data: ${rights.map((r) => `${r.what.en} ${r.how.en}`).join(' ')}`,
      },
      rights,
    },
    complaint: {
      article: '15(1)(f)',
      statement: {
        fr: `Vous pouvez introduire une réclamation auprès de la ${t.complaint.authority} : ${t.complaint.address} (${t.complaint.website}).`,
        en: `You may lodge a complaint with the ${t.complaint.authority}: ${t.complaint.address} (${t.complaint.website}).`,
      },
      ...t.complaint,
    },
    source: {
      article: '15(1)(g)',
      statement: { fr: `Provenance : ${join(sources, 'fr')}.`, en: `Source: ${join(sources, 'en')}.` },
      sources,
    },
    automatedDecisions: {
      article: '15(1)(h)',
      statement: decisions.length
        ? {
            fr: decisions.map((d) => `${d.what.fr} ${d.safeguard.fr}`).join(' '),
            en: decisions.map((d) => `${d.what.en} ${d.safeguard.en}`).join(' '),
          }
        : t.noAutomatedDecision,
      decisions,
    },
    transfers: {
      article: '15(2)',
      statement: abroad.length
        ? {
            fr: `Peut être transféré hors de l’EEE à ${join(abroad, 'fr')}, avec ces garanties : ${t.transfersOutsideEea.safeguards.map((s) => s.fr).join(' ')} ${t.transfersOutsideEea.copyFrom.fr}`,
            en: `May be transferred outside the EEA to ${join(abroad, 'en')}, with these safeguards: ${t.transfersOutsideEea.safeguards.map((s) => s.en).join(' ')} ${t.transfersOutsideEea.copyFrom.en}`,
          }
        : { fr: 'Non transféré hors de l’EEE.', en: 'Not transferred outside the EEA.' },
      outsideEea: abroad.map((r) => r.code),
      safeguards: abroad.length ? t.transfersOutsideEea.safeguards : [],
      quote: t.transfersOutsideEea.quote,
    },
  };
}

/**
 * Art. 15(1)(d): every period the sweep applies to the category, each in the policy's words; the
 * support rule also names its periods per type of request (veloraqenvi: 12, 24, 36, 60 months).
 */
function retentionItem(record: ProcessingRecord, policy: PrivacyPolicy): Art15Item {
  const quoteOf = (rule: string) => policy.retention[rule as keyof PrivacyPolicy['retention']].quote;
  const byType = record.retention.some((r) => r.rule === 'support')
    ? Object.entries(policy.supportRetentionByType).flatMap(([type, rule]) =>
        rule ? [{ type, period: rule.period, from: rule.from, description: rule.description, quote: rule.quote }] : [],
      )
    : [];
  return {
    article: '15(1)(d)',
    statement: {
      fr: [...record.retention.map((r) => quoteOf(r.rule)), ...byType.map((t) => `${t.quote}.`)].join(' '),
      en: [...record.retention.map((r) => `${r.period}: ${r.description}`), ...byType.map((t) => t.description)].join(
        ' ',
      ),
    },
    rules: record.retention.map((r) => ({ ...r, quote: quoteOf(r.rule) })),
    byType,
  };
}

/**
 * The processing information for the categories of `categories` (those data.json holds), or
 * for every category the supergraph classifies when not given.
 */
export function processingFile(
  schema: GraphQLSchema,
  policy: PrivacyPolicy,
  options: { categories?: Set<string> } = {},
): ProcessingFile {
  // A category with at least one field the subject provided on contract or consent is portable.
  const portable = new Set(
    reachableFields(schema).flatMap((f) => (f.personal && isPortable(f.personal) ? [f.personal.category] : [])),
  );
  const records = processingRecords(schema, policy).filter(
    (r) => !options.categories || options.categories.has(r.category),
  );
  return {
    format: PROCESSING_FORMAT,
    policy: policy.id,
    controller: policy.controller,
    articles: ART15_ITEMS,
    categories: records.map((r) => categoryEntry(r, policy, portable.has(r.category))),
  };
}
