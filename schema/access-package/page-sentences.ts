/**
 * The package page's sentences about how each category is used, built from processing.json's
 * details rather than its one-line statements: purposes and basis as one sentence, each
 * retention rule as a whole sentence in the reader's language, where the data came from as a
 * sentence. processing.json itself is not changed (it stays what machines read).
 */
import type { CategoryProcessing } from './processing';
import type { Lang } from './page-values';

interface Coded {
  code: string;
  fr: string;
  en: string;
}

function joinWords(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'fr' ? 'et' : 'and'} ${items[items.length - 1]}`;
}

const sentence = (text: string): string => {
  const t = text.trim();
  return /[.!?»)]$/.test(t) ? t : `${t}.`;
};

export function purposeSentence(c: CategoryProcessing, lang: Lang): string {
  const purposes = ((c.purposes.purposes ?? []) as Coded[]).map((p) => p[lang]);
  const bases = ((c.purposes.legalBases ?? c.legalBases) as Coded[]).map((b) => b[lang]);
  return lang === 'fr'
    ? `Nous nous en servons pour ${joinWords(purposes, 'fr')}, sur le fondement de ${joinWords(bases, 'fr')}.`
    : `We use it for ${joinWords(purposes, 'en')}, on the basis of ${joinWords(bases, 'en')}.`;
}

interface Rule {
  rule: string;
  period: string;
  description: string;
  quote: string;
}

/** French words for a rule the policy states no sentence for. */
const UNQUOTED_FR: Record<string, string> = {
  'rights-requests': 'La trace de vos demandes et de ce qui a été fait est gardée cinq ans, comme preuve.',
};

/** Each retention rule as a whole sentence: the policy's own words in French, our description in English. */
export function retentionSentences(c: CategoryProcessing, lang: Lang): string[] {
  const rules = (c.retention.rules ?? []) as Rule[];
  const texts = rules.map((r) => {
    if (lang === 'en')
      return sentence(
        /^(While|Until) /.test(r.description)
          ? `Kept ${r.description.charAt(0).toLowerCase()}${r.description.slice(1)}`
          : r.description,
      );
    const quoted = r.quote && !r.quote.startsWith('(') ? r.quote : UNQUOTED_FR[r.rule];
    return sentence(quoted ?? `Conservé : ${r.period}`);
  });
  return [...new Set(texts)];
}

const ORIGIN: Record<string, { fr: string; en: string }> = {
  SUBJECT: { fr: 'de vous-même', en: 'from you' },
  OBSERVED: { fr: 'de votre utilisation du service', en: 'from your use of the service' },
  DERIVED: { fr: 'de calculs faits par nos services', en: 'from calculations made by our services' },
  STAFF: { fr: 'de notre équipe', en: 'from our staff' },
  THIRD_PARTY: {
    fr: 'd’un tiers (votre employeur ou notre prestataire de paiement)',
    en: 'from a third party (your employer or our payment provider)',
  },
};

export function provenanceSentence(c: CategoryProcessing, lang: Lang): string {
  const sources = ((c.source.sources ?? []) as Coded[]).map((s) => ORIGIN[s.code]?.[lang] ?? s[lang]);
  return lang === 'fr'
    ? `Ces données viennent ${joinWords(sources, 'fr')}.`
    : `This data comes ${joinWords(sources, 'en')}.`;
}

/** The services of the product in words (the subgraphs' names are not for people). */
export const SERVICE_WORDS: Record<string, { fr: string; en: string }> = {
  profile: { fr: 'Votre profil', en: 'Your profile' },
  sessions: { fr: 'Le mentorat et vos activités', en: 'Mentoring and your activity' },
  billing: { fr: 'La facturation', en: 'Billing' },
  support: { fr: 'Le support', en: 'Support' },
  requests: { fr: 'Le registre de vos demandes', en: 'The register of your requests' },
};

export function serviceWords(name: string, lang: Lang): string {
  return SERVICE_WORDS[name]?.[lang] ?? (lang === 'fr' ? 'Un autre service' : 'Another service');
}
