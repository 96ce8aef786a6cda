/**
 * One language's block of index.html (index-html.ts): the summary first, then the categories
 * folded, the documents, what a portable package leaves out, the rights in full.
 */
import type { Json } from '../subject-export';
import { fieldLabel } from './field-labels';
import type { GraphQLSchema } from 'graphql';
import type { PackageData } from './data';
import type { PackagedDocument } from './documents';
import type { LeftOut } from './left-out';
import { dataSubjectType, NOT_PERSONAL } from './layout';
import { provenanceSentence, purposeSentence, retentionSentences, serviceWords } from './page-sentences';
import { escapeText as esc, fields, instant, type Lang, type ValueContext } from './page-values';
import type { CategoryProcessing, ProcessingFile } from './processing';

export type { Lang } from './page-values';

export interface IndexPage {
  subjectName: string;
  madeAt: Date;
  controller: { name: string; address: string; contact?: string };
  data: PackageData;
  processing: ProcessingFile;
  documents: PackagedDocument[];
  leftOut: LeftOut[] | null;
  /** The supergraph: the type of every value, hence its words. */
  schema: GraphQLSchema;
  /** Dates are shown in this time zone (default Europe/Paris). */
  timeZone?: string;
}

const W = {
  fr: {
    summary: 'En bref',
    intro: (org: string, at: string) =>
      `Ce document rassemble les données personnelles que ${org} détient sur vous, au ${at}.`,
    period: (from: string, to: string) => `Elles couvrent la période du ${from} au ${to}.`,
    held: 'Qui détient quoi :',
    items: (n: number) => `${n} élément${n > 1 ? 's' : ''}`,
    rights: 'Vos droits : ',
    how: (contact: string) =>
      `Pour exercer l’un de ces droits, écrivez à ${contact}. Le détail est à la fin de cette page.`,
    open: 'Ouvrez une catégorie pour voir ce qu’elle contient.',
    documents: 'Vos documents',
    leftOut: 'Ce que ce fichier portable ne contient pas',
    rightsFull: 'Vos droits en détail',
    machines: (at: string, org: string) =>
      `Préparé le ${at} par ${org}. Les mêmes données, lisibles par une machine, sont dans le fichier data.json (décrit par data.schema.json) ; leurs finalités dans processing.json ; les empreintes de chaque fichier dans manifest.json.`,
  },
  en: {
    summary: 'In short',
    intro: (org: string, at: string) => `This document holds the personal data ${org} holds about you, as of ${at}.`,
    period: (from: string, to: string) => `It covers the period from ${from} to ${to}.`,
    held: 'Who holds what:',
    items: (n: number) => `${n} item${n > 1 ? 's' : ''}`,
    rights: 'Your rights: ',
    how: (contact: string) =>
      `To use any of these rights, write to ${contact}. The details are at the end of this page.`,
    open: 'Open a category to see what it holds.',
    documents: 'Your documents',
    leftOut: 'What this portable file leaves out',
    rightsFull: 'Your rights in detail',
    machines: (at: string, org: string) =>
      `Prepared on ${at} by ${org}. The same data for machines is in data.json (described by data.schema.json); what it is used for in processing.json; each file's fingerprint in manifest.json.`,
  },
} as const;

/** How many things a value holds: the rows of a list, one for anything else that is filled in. */
function count(value: Json): number {
  if (value === null) return 0;
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object')
    return Object.values(value).reduce<number>((n, v) => n + (v === null ? 0 : Array.isArray(v) ? v.length : 1), 0);
  return 1;
}

function instants(value: Json, into: string[]): string[] {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) into.push(value);
  else if (Array.isArray(value)) value.forEach((v) => instants(v, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => instants(v, into));
  return into;
}

interface Right {
  what: { fr: string; en: string };
  how: { fr: string; en: string };
}

function summary(page: IndexPage, lang: Lang, ctx: ValueContext): string {
  const w = W[lang];
  const labels = new Map(page.processing.categories.map((c) => [c.category, c.label[lang]]));
  const services = Object.entries(page.data.subgraphs).flatMap(([graph, categories]) => {
    const held = Object.entries(categories)
      .filter(([c, v]) => c !== NOT_PERSONAL && count(v) > 0)
      .map(([c, v]) => `${esc(labels.get(c) ?? c)} (${w.items(count(v))})`);
    return held.length ? [`<li><strong>${esc(serviceWords(graph, lang))}</strong> : ${held.join(', ')}</li>`] : [];
  });
  // What happened up to the package's making (a due date still ahead is not a period covered).
  const made = page.madeAt.toISOString();
  const times = instants(page.data.subgraphs as unknown as Json, [])
    .filter((t) => new Date(t).toISOString() <= made)
    .sort();
  const period = times.length
    ? `<p>${esc(w.period(instant(times[0], ctx), instant(times[times.length - 1], ctx)))}</p>`
    : '';
  const first = page.processing.categories[0];
  const rights = first
    ? (first.rights.rights as Right[]).map((r) => r.what[lang].replace(/\.$/, '').toLowerCase())
    : [];
  const contact = page.controller.contact ?? page.controller.address;
  return `<section class="summary" id="summary-${lang}">
<h2>${w.summary}</h2>
<p>${esc(w.intro(page.controller.name, instant(page.madeAt.toISOString(), ctx)))}</p>
${period}
<p>${w.held}</p><ul>${services.join('')}</ul>
<p>${esc(w.rights + rights.join(' ; '))}.</p>
<p>${esc(w.how(contact))}</p>
${first ? `<p>${esc(first.complaint.statement[lang])}</p>` : ''}
<p>${w.open}</p>
</section>`;
}

function category(page: IndexPage, c: CategoryProcessing, lang: Lang, ctx: ValueContext): string {
  const subject = dataSubjectType(page.schema);
  const held = Object.entries(page.data.subgraphs).flatMap(([graph, categories]) => {
    const values = categories[c.category] as Record<string, Json> | undefined;
    return values ? [`<h3>${esc(serviceWords(graph, lang))}</h3>${fields(values, subject, ctx)}`] : [];
  });
  if (c.category === 'IDENTITY' && Object.keys(page.data.subject).length)
    held.unshift(fields(page.data.subject, subject, ctx));
  const n = Object.values(page.data.subgraphs).reduce((sum, cats) => sum + count(cats[c.category] ?? null), 0);
  const retention = retentionSentences(c, lang);
  const lines = [
    purposeSentence(c, lang),
    ...retention,
    c.recipients.statement[lang],
    provenanceSentence(c, lang),
    c.automatedDecisions.statement[lang],
    c.transfers.statement[lang],
  ];
  return `<details class="category" id="category-${lang}-${esc(c.category)}">
<summary><h2>${esc(c.label[lang])}</h2> <span class="count">${W[lang].items(n)}</span></summary>
${lines.map((l) => `<p>${esc(l)}</p>`).join('')}
${held.join('\n')}
</details>`;
}

export function languageBlock(page: IndexPage, lang: Lang, title: string, timeZone: string): string {
  const ctx: ValueContext = { lang, timeZone };
  const w = W[lang];
  const docs = page.documents.length
    ? `<details id="documents-${lang}"><summary><h2>${w.documents}</h2></summary><ul>${page.documents.map((d) => `<li><a href="${esc(d.path)}">${esc(d.name)}</a></li>`).join('')}</ul></details>`
    : '';
  const leftOut = page.leftOut
    ? `<details id="left-out-${lang}"><summary><h2>${w.leftOut}</h2></summary><ul>${page.leftOut
        .map((l) => {
          const [type, name] = l.field.includes('.') ? l.field.split('.') : ['DataSubject', l.field];
          return `<li>${esc(fieldLabel(type, name)?.[lang] ?? name)} : ${esc(l.reason[lang])}</li>`;
        })
        .join('')}</ul></details>`
    : '';
  const first = page.processing.categories[0];
  const rights = first
    ? `<details id="rights-${lang}"><summary><h2>${w.rightsFull}</h2></summary>${(first.rights.rights as Right[])
        .map((r) => `<p><strong>${esc(r.what[lang])}</strong> ${esc(r.how[lang])}</p>`)
        .join('')}<p>${esc(first.complaint.statement[lang])}</p></details>`
    : '';
  return `<div class="lang" id="${lang}" lang="${lang}">
<header>
<p class="switch"><a href="#fr" lang="fr">Français</a> · <a href="#en" lang="en">English</a></p>
<h1>${esc(title)}</h1>
<p class="subject-name">${esc(page.subjectName)}</p>
</header>
${summary(page, lang, ctx)}
<main>
${page.processing.categories.map((c) => category(page, c, lang, ctx)).join('\n')}
${docs}
${leftOut}
${rights}
</main>
<footer><p>${esc(w.machines(instant(page.madeAt.toISOString(), ctx), page.controller.name))}</p></footer>
</div>`;
}
