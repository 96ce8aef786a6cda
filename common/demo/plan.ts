/**
 * The demo population, shared by the seed of every subgraph so that their data agrees
 * (same subject ids everywhere). Deterministic: the same count and reference date give the
 * same rows, byte for byte. The first subjects are the cases the product must handle; the
 * rest are generated.
 */
import { foldForSearch } from '../validation';
import { daysBefore, demoId, monthsBefore, prng, type Rng } from './random';
import { isoDate, subtractDuration } from '../duration';
import { periodsOf } from './boundaries';

/** What kind of service the subject uses: mentoring (ophelantyra) or budget education (veloraqenvi). */
export type Programme = 'MENTORING' | 'BUDGET_EDUCATION';

export type Trait =
  | 'minor'
  | 'disputed-complaint'
  | 'inactive-37-months'
  | 'assignment-ended'
  | 'many-connection-logs'
  | 'sponsored'
  /** Exactly this many records in every collection of every subgraph (statement-count tests). */
  | 'fixed-volume'
  /**
   * Retention showcase (issue 10): a customer of more than ten years, with invoices, connection
   * logs, support tickets and access-log entries on both sides of every period.
   */
  | 'long-standing'
  /** Retention showcase: nothing done in the sessions service since just past six months... */
  | 'quiet-just-past'
  /** ...and since just under six months (the session-data rule's two sides). */
  | 'quiet-just-within';

export interface DemoSubject {
  index: number;
  id: string;
  fullName: string;
  email: string;
  phone: string | null;
  birthDate: string | null;
  locale: string;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: Date;
  lastLoginAt: Date | null;
  programme: Programme;
  traits: ReadonlySet<Trait>;
  /** Records per collection for generated data (1 to 4 unless fixed). */
  volume: number;
  /** The last day anything happens in the sessions service: the reference date, unless quiet. */
  activeUntil: Date;
  /** A generator for one subgraph's rows of this subject. */
  rng(subgraph: string): Rng;
}

interface Featured {
  fullName: string;
  email: string;
  locale: string;
  programme: Programme;
  traits?: Trait[];
  volume?: number;
}

/** The cases that matter, in this order: tests and docs refer to them by index. */
export const FEATURED: readonly Featured[] = [
  {
    fullName: 'Élodie Dupré-Noël',
    email: 'elodie.dupre-noel@example.fr',
    locale: 'fr-FR',
    programme: 'MENTORING',
    traits: ['sponsored'],
    volume: 2,
  },
  { fullName: 'Zoé 🚀 山田花子', email: 'zoe.yamada@example.jp', locale: 'ja-JP', programme: 'BUDGET_EDUCATION' },
  { fullName: 'ليلى حداد', email: 'leila.haddad@example.fr', locale: 'ar', programme: 'BUDGET_EDUCATION' },
  {
    fullName: 'Noé Petit',
    email: 'noe.petit@example.fr',
    locale: 'fr-FR',
    programme: 'BUDGET_EDUCATION',
    traits: ['minor'],
  },
  {
    fullName: 'Bernard Lefèvre',
    email: 'bernard.lefevre@example.fr',
    locale: 'fr-FR',
    programme: 'MENTORING',
    traits: ['disputed-complaint'],
  },
  {
    fullName: 'Nadia Rousseau',
    email: 'nadia.rousseau@example.fr',
    locale: 'fr-FR',
    programme: 'BUDGET_EDUCATION',
    traits: ['inactive-37-months'],
  },
  {
    fullName: 'Hugo Marchand',
    email: 'hugo.marchand@example.fr',
    locale: 'fr-FR',
    programme: 'MENTORING',
    traits: ['assignment-ended'],
  },
  {
    fullName: 'Camille Nguyễn',
    email: 'camille.nguyen@example.fr',
    locale: 'vi-VN',
    programme: 'BUDGET_EDUCATION',
    traits: ['many-connection-logs'],
  },
  {
    fullName: 'Ana Uno',
    email: 'ana.uno@example.es',
    locale: 'es-ES',
    programme: 'MENTORING',
    traits: ['fixed-volume'],
    volume: 1,
  },
  {
    fullName: 'Bea Cincuenta',
    email: 'bea.cincuenta@example.es',
    locale: 'es-ES',
    programme: 'MENTORING',
    traits: ['fixed-volume'],
    volume: 50,
  },
  { fullName: 'דוד כהן', email: 'david.cohen@example.fr', locale: 'he-IL', programme: 'MENTORING' },
];

export const FEATURED_INDEX = {
  golden: 0,
  emojiCjk: 1,
  rtl: 2,
  minor: 3,
  disputedComplaint: 4,
  inactive37Months: 5,
  assignmentEnded: 6,
  manyConnectionLogs: 7,
  oneEach: 8,
  fiftyEach: 9,
} as const;

/**
 * The retention showcase: in every hundred subjects from index 40 (so `npm start`'s 60 hold one
 * set, the tests' small populations none, and a bench of 2000 twenty), subjects with records on
 * both sides of each period. Their offset in the hundred gives their trait.
 */
export const RETENTION_SHOWCASE: Readonly<Record<number, Trait>> = {
  40: 'long-standing',
  41: 'quiet-just-past',
  42: 'quiet-just-within',
};

function showcaseTrait(index: number): Trait | undefined {
  return index >= FEATURED.length ? RETENTION_SHOWCASE[index % 100] : undefined;
}

/**
 * The end of a quiet subject's activity. The session-data rule (six months, ophelantyra) counts
 * from the last thing done; the sessions seed puts the last visit the day before this date. Just
 * past: that visit is two days before the cutoff; just within: on the day after it.
 */
function quietUntil(now: Date, trait: Trait): Date {
  const cutoff = subtractDuration(now, periodsOf((p) => p.retention['session-data'])[0]);
  return daysBefore(cutoff, trait === 'quiet-just-past' ? 1 : -2);
}

/** Number of connection logs of the 'many-connection-logs' subject. */
export const MANY_CONNECTION_LOGS = 300;

const FIRST = [
  'Amélie',
  'Benoît',
  'Chloé',
  'Céline',
  'Françoise',
  'Gaëlle',
  'Hélène',
  'Jérôme',
  'Léa',
  'Loïc',
  'Maëlys',
  'Mathéo',
  'Océane',
  'Raphaël',
  'Sébastien',
  'Thérèse',
  'Yannick',
  'Inès',
  'Karim',
  'Sofia',
  'Mei',
  'Oğuz',
  'Søren',
  'Zoë',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Lefèbvre',
  'Moreau',
  'Girard',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Müller',
  'Nuñez',
  'Øster',
  'Łukasik',
  'Benali',
  'Da Silva',
  'Chevalier',
  'François',
  'Perrin',
];

/** ASCII local part of an email from a name: "Gaëlle Lefèbvre" -> "gaelle.lefebvre". */
function slug(name: string): string {
  return foldForSearch(name)
    .replace(/ø/g, 'o')
    .replace(/ł/g, 'l')
    .replace(/ğ/g, 'g')
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

export function demoPlan(count: number, now: Date): DemoSubject[] {
  const subjects: DemoSubject[] = [];
  for (let index = 0; index < count; index += 1) {
    const r = prng('subject', index);
    const featured = FEATURED[index];
    const traits = new Set<Trait>(featured?.traits ?? []);
    const showcase = showcaseTrait(index);
    if (showcase) traits.add(showcase);
    const quiet = showcase === 'quiet-just-past' || showcase === 'quiet-just-within';
    // The account inactive for 37 months did nothing anywhere since its last sign-in: no visit, no
    // download after it (activity counts every connection, not only sign-ins).
    const activeUntil = traits.has('inactive-37-months')
      ? monthsBefore(now, 37)
      : showcase && quiet
        ? quietUntil(now, showcase)
        : now;
    const fullName = featured?.fullName ?? `${r.pick(FIRST)} ${r.pick(LAST)}`;
    const email = featured?.email ?? `${slug(fullName)}.${index}@example.org`;
    // The quiet ones are mentored: the six months without activity are ophelantyra's rule.
    const programme: Programme = featured?.programme ?? (quiet || index % 2 === 0 ? 'MENTORING' : 'BUDGET_EDUCATION');
    const age = traits.has('minor') ? 15 : r.int(19, 67);
    const generatedCreatedAt = daysBefore(now, traits.has('inactive-37-months') ? 1500 : r.int(60, 900), r.int(0, 600));
    // A customer for longer than the longest accounting period, so their oldest invoices can be due.
    const createdAt = traits.has('long-standing')
      ? daysBefore(subtractDuration(now, periodsOf((p) => p.retention.accounting)[0]), 60)
      : quiet
        ? daysBefore(activeUntil, 400)
        : generatedCreatedAt;
    // Drawn as before for everyone, so the data of every other subject stays what it was.
    const drawnLogin = traits.has('inactive-37-months')
      ? monthsBefore(now, 37)
      : daysBefore(now, r.int(0, 50), r.int(0, 600));
    const lastLoginAt = quiet ? daysBefore(activeUntil, 1, 600) : drawnLogin;
    subjects.push({
      index,
      id: demoId('subject', index),
      fullName,
      email,
      phone: r.chance(0.85)
        ? `+33 6 ${String(r.int(10, 99))} ${String(r.int(10, 99))} ${String(r.int(10, 99))} ${String(r.int(10, 99))}`
        : null,
      birthDate: isoDate(daysBefore(monthsBefore(now, age * 12), r.int(1, 300))),
      locale: featured?.locale ?? r.pick(['fr-FR', 'fr-FR', 'fr-BE', 'en-GB', 'de-DE']),
      status: traits.has('inactive-37-months') ? 'INACTIVE' : 'ACTIVE',
      createdAt,
      lastLoginAt,
      programme,
      traits,
      volume: featured?.volume ?? r.int(1, 4),
      activeUntil,
      rng: (subgraph) => prng(subgraph, index),
    });
  }
  return subjects;
}

/** How many records of a collection a subject gets: fixed-volume subjects get exactly `volume`. */
export function countFor(s: DemoSubject, r: Rng, inProgramme: boolean): number {
  if (s.traits.has('fixed-volume')) return s.volume;
  if (!inProgramme) return 0;
  return Math.max(1, s.volume + r.int(-1, 1));
}
