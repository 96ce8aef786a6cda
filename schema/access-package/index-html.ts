/**
 * index.html: the page a person opens and reads, in French and English: who it is about, then
 * each category of data with what it is used for, how long it is kept and the values held. One
 * file, no script, no external resource (a Content-Security-Policy forbids any), every value
 * escaped: names and free text are the subject's own and may hold anything.
 */
import type { Bilingual } from '../../policies/transparency.types';
import type { Json } from '../subject-export';
import type { PackageData } from './data';
import type { PackagedDocument } from './documents';
import type { LeftOut } from './left-out';
import type { ProcessingFile } from './processing';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const both = (b: Bilingual): string =>
  `<span lang="fr">${escapeHtml(b.fr)}</span> / <span lang="en">${escapeHtml(b.en)}</span>`;
const para = (b: Bilingual): string => `<p lang="fr">${escapeHtml(b.fr)}</p><p lang="en">${escapeHtml(b.en)}</p>`;

const isRecord = (v: Json): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A value as a person reads it: text, a list, a table of records; file content points to documents/. */
export function renderValue(value: Json, key = ''): string {
  if (value === null) return '<span class="none">—</span>';
  if (key.endsWith('Base64')) return '<em>documents/</em>';
  if (typeof value !== 'object') return escapeHtml(String(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return '<span class="none">(aucun / none)</span>';
    if (value.every(isRecord)) {
      const columns = [...new Set(value.flatMap((r) => Object.keys(r)))];
      const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
      const rows = value.map(
        (r) => `<tr>${columns.map((c) => `<td>${renderValue(r[c] ?? null, c)}</td>`).join('')}</tr>`,
      );
      return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
    }
    return `<ul>${value.map((v) => `<li>${renderValue(v)}</li>`).join('')}</ul>`;
  }
  const entries = Object.entries(value).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${renderValue(v, k)}</dd>`);
  return `<dl>${entries.join('')}</dl>`;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;margin-top:2rem}
[lang=en]{color:#444}table{border-collapse:collapse;font-size:.85rem;display:block;overflow-x:auto}
td,th{border:1px solid #ddd;padding:.2rem .4rem;vertical-align:top;text-align:left}
dt{font-weight:600}dd{margin:0 0 .3rem 1rem}.none{color:#888}.subject{font-size:1.3rem;font-weight:600}`;

export interface IndexPage {
  subjectName: string;
  madeAt: Date;
  controller: { name: string; address: string };
  data: PackageData;
  processing: ProcessingFile;
  documents: PackagedDocument[];
  leftOut: LeftOut[] | null;
}

export function indexHtml(page: IndexPage): string {
  const { data, processing } = page;
  const sections = processing.categories.map((c) => {
    const held = Object.entries(data.subgraphs).flatMap(([graph, categories]) =>
      categories[c.category] ? [`<h3>${escapeHtml(graph)}</h3>${renderValue(categories[c.category])}`] : [],
    );
    if (c.category === 'IDENTITY' && Object.keys(data.subject).length) held.unshift(renderValue(data.subject));
    return `<section class="category" id="category-${escapeHtml(c.category)}">
<h2>${both(c.label)}</h2>
${para(c.purposes.statement)}${para(c.retention.statement)}${para(c.recipients.statement)}${para(c.source.statement)}
${para(c.automatedDecisions.statement)}${para(c.transfers.statement)}
${held.join('\n')}
</section>`;
  });
  const docs = page.documents.length
    ? `<section id="documents"><h2>${both({ fr: 'Vos documents', en: 'Your documents' })}</h2><ul>${page.documents
        .map((d) => `<li><a href="${escapeHtml(d.path)}">${escapeHtml(d.name)}</a></li>`)
        .join('')}</ul></section>`
    : '';
  const first = processing.categories[0];
  const rights = first
    ? `<section id="rights"><h2>${both({ fr: 'Vos droits', en: 'Your rights' })}</h2>${(
        first.rights.rights as Array<{ what: Bilingual; how: Bilingual }>
      )
        .map((r) => para({ fr: `${r.what.fr} ${r.how.fr}`, en: `${r.what.en} ${r.how.en}` }))
        .join('')}${para(first.complaint.statement)}</section>`
    : '';
  const leftOut = page.leftOut
    ? `<section id="left-out"><h2>${both({ fr: 'Ce que ce fichier portable ne contient pas', en: 'What this portable file leaves out' })}</h2><ul>${page.leftOut
        .map((l) => `<li><code>${escapeHtml(l.field)}</code>: ${both(l.reason)}</li>`)
        .join('')}</ul></section>`
    : '';
  const title = data.portable
    ? { fr: 'Vos données portables (art. 20 RGPD)', en: 'Your portable data (Art. 20 GDPR)' }
    : { fr: 'Vos données personnelles (art. 15 RGPD)', en: 'Your personal data (Art. 15 GDPR)' };
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(`${title.fr} / ${title.en}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${both(title)}</h1>
<p class="subject" id="subject-name">${escapeHtml(page.subjectName)}</p>
${para({
  fr: `Préparé le ${page.madeAt.toISOString().slice(0, 10)} par ${page.controller.name}, ${page.controller.address}. Les mêmes données, lisibles par une machine : data.json (schéma : data.schema.json) ; leurs finalités : processing.json ; les empreintes SHA-256 : manifest.json.`,
  en: `Prepared on ${page.madeAt.toISOString().slice(0, 10)} by ${page.controller.name}, ${page.controller.address}. The same data for machines: data.json (schema: data.schema.json); what it is used for: processing.json; SHA-256 hashes: manifest.json.`,
})}
<nav><ul>${processing.categories.map((c) => `<li><a href="#category-${escapeHtml(c.category)}">${both(c.label)}</a></li>`).join('')}</ul></nav>
</header>
<main>
${sections.join('\n')}
${docs}
${leftOut}
${rights}
</main>
</body>
</html>
`;
}
