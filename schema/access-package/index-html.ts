/**
 * index.html: the page a person opens and reads, in the subject's language with the other one a
 * click away (two blocks, switched by CSS :target, no script): a summary first (who, which
 * service holds what, the period covered, the rights and how to use them), then each category
 * of data, folded (<details>), with what it is used for, how long it is kept and where it came
 * from as sentences, and the values under human words (page-values.ts). One file, no script,
 * no external resource (a Content-Security-Policy forbids any), every value escaped: names and
 * free text are the subject's own and may hold anything.
 */
import type { Json } from '../subject-export';
import type { PackageData } from './data';
import { languageBlock, type IndexPage, type Lang } from './page-blocks';

export type { IndexPage } from './page-blocks';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

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

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:1.5rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;display:inline}h3{font-size:1rem;margin:1rem 0 .3rem}
.switch{float:right;margin:0}.subject-name{font-size:1.25rem;font-weight:600;margin:.2rem 0 .8rem}
.summary{background:#f3f6fa;border-radius:.4rem;padding:.6rem 1rem;margin-bottom:1rem}.summary h2{display:block}
.summary ul{margin:.3rem 0;padding-left:1.2rem}details{border-top:1px solid #ddd;padding:.5rem 0}
summary{cursor:pointer}.count{color:#555;font-size:.9rem}.scroll{overflow-x:auto;max-height:30rem;overflow-y:auto}
table{border-collapse:collapse;font-size:.85rem}td,th{border:1px solid #ddd;padding:.2rem .4rem;vertical-align:top;text-align:left}
dt{font-weight:600}dd{margin:0 0 .3rem 1rem}.none{color:#888}footer{color:#555;font-size:.85rem;margin-top:1.5rem}`;

/** The subject's language, from the locale profile holds (first in the page), French otherwise. */
export function pageLanguage(data: PackageData): Lang {
  for (const categories of Object.values(data.subgraphs))
    for (const values of Object.values(categories)) {
      const held = values as { locale?: unknown } | null;
      if (held && typeof held === 'object' && typeof held.locale === 'string')
        return held.locale.toLowerCase().startsWith('en') ? 'en' : 'fr';
    }
  return 'fr';
}

export function indexHtml(page: IndexPage): string {
  const main = pageLanguage(page.data);
  const other: Lang = main === 'fr' ? 'en' : 'fr';
  const timeZone = page.timeZone ?? 'Europe/Paris';
  const title = page.data.portable
    ? { fr: 'Vos données portables (art. 20 RGPD)', en: 'Your portable data (Art. 20 GDPR)' }
    : { fr: 'Vos données personnelles (art. 15 RGPD)', en: 'Your personal data (Art. 15 GDPR)' };
  // The other language first in the document: hidden unless asked for (#en or #fr), and then it hides the main one.
  const css = `${STYLE}\n#${other}:not(:target){display:none}#${other}:target~#${main}{display:none}`;
  return `<!doctype html>
<html lang="${main}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(`${title[main]} · ${page.subjectName}`)}</title>
<style>${css}</style>
</head>
<body>
${languageBlock(page, other, title[other], timeZone)}
${languageBlock(page, main, title[main], timeZone)}
</body>
</html>
`;
}
