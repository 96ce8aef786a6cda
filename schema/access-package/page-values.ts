/**
 * The values of the package page as a person reads them, in one language: each field under its
 * words (field-labels.ts), enums as words (enum-words.ts), instants and dates in the subject's
 * language and time zone, amounts in their currency, yes/no for booleans. The GraphQL type of
 * each value comes from the supergraph, so a value is never guessed from its look alone.
 */
import {
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import type { Json } from '../subject-export';
import { enumWords } from './enum-words';
import { fieldLabel } from './field-labels';

export type Lang = 'fr' | 'en';

export interface ValueContext {
  lang: Lang;
  timeZone: string;
}

export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const locale = (lang: Lang): string => (lang === 'fr' ? 'fr-FR' : 'en-GB');

/** Codes some String fields hold, as words. */
const STRING_CODES: Record<string, Record<string, readonly [string, string]>> = {
  preferredChannel: { EMAIL: ['courriel', 'email'], SMS: ['SMS', 'text message'], PHONE: ['téléphone', 'phone'] },
  source: {
    SIGNUP_FORM: ['formulaire d’inscription', 'sign-up form'],
    ACCOUNT_SETTINGS: ['paramètres du compte', 'account settings'],
    UNSUBSCRIBE_LINK: ['lien de désinscription', 'unsubscribe link'],
  },
};

export function instant(value: string, ctx: ValueContext): string {
  return new Intl.DateTimeFormat(locale(ctx.lang), {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: ctx.timeZone,
  }).format(new Date(value));
}

export function calendarDay(value: string, ctx: ValueContext): string {
  // A calendar date (a birth date) has no time zone: read and written in UTC.
  return new Intl.DateTimeFormat(locale(ctx.lang), { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${value.slice(0, 10)}T00:00:00Z`),
  );
}

function money(cents: number, currency: string, ctx: ValueContext): string {
  try {
    return new Intl.NumberFormat(locale(ctx.lang), { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${new Intl.NumberFormat(locale(ctx.lang)).format(cents / 100)} ${currency}`;
  }
}

const YES_NO = { fr: ['oui', 'non'], en: ['yes', 'no'] } as const;

function scalar(
  value: string | number | boolean,
  type: GraphQLOutputType,
  key: string,
  record: Record<string, Json>,
  ctx: ValueContext,
) {
  const named = getNamedType(type);
  if (typeof value === 'boolean') return YES_NO[ctx.lang][value ? 0 : 1];
  if (typeof value === 'number') {
    if (key.endsWith('Cents')) return money(value, typeof record.currency === 'string' ? record.currency : 'EUR', ctx);
    return new Intl.NumberFormat(locale(ctx.lang)).format(value);
  }
  const text = String(value);
  if (isEnumType(named)) return enumWords(named.name, text)?.[ctx.lang] ?? text.toLowerCase().replace(/_/g, ' ');
  if (ISO_INSTANT.test(text)) return instant(text, ctx);
  if (ISO_DATE.test(text)) return calendarDay(text, ctx);
  const coded = Object.hasOwn(STRING_CODES, key) ? STRING_CODES[key][text] : undefined;
  if (coded) return ctx.lang === 'fr' ? coded[0] : coded[1];
  if (CODE.test(text)) return text.toLowerCase().replace(/_/g, ' ');
  return text;
}

const isRecord = (v: Json): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The words of a field, or its name spaced out when the table has none (the unit test forbids that). */
export function labelOf(type: GraphQLObjectType, key: string, lang: Lang): string {
  return fieldLabel(type.name, key)?.[lang] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

const NONE = { fr: 'aucun', en: 'none' } as const;
const DOCUMENTS = { fr: 'voir le dossier « documents »', en: 'see the “documents” folder' } as const;

/** One value of `type` (a field's type), as HTML; `record` is the object it sits in (for its currency). */
export function renderTyped(
  value: Json,
  type: GraphQLOutputType,
  key: string,
  ctx: ValueContext,
  record: Record<string, Json> = {},
): string {
  if (value === null) return '<span class="none">—</span>';
  if (key.endsWith('Base64')) return `<em>${DOCUMENTS[ctx.lang]}</em>`;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (Array.isArray(value)) {
    const item = isListType(inner) ? inner.ofType : inner;
    if (value.length === 0) return `<span class="none">${NONE[ctx.lang]}</span>`;
    const named = getNamedType(item);
    if (isObjectType(named) && value.every(isRecord)) return table(value, named, ctx);
    return `<ul>${value.map((v) => `<li>${renderTyped(v, item, key, ctx, record)}</li>`).join('')}</ul>`;
  }
  const named = getNamedType(inner);
  if (isRecord(value)) return isObjectType(named) ? fields(value, named, ctx) : escapeText(JSON.stringify(value));
  return escapeText(scalar(value, inner, key, record, ctx));
}

/** An object as a list of labelled values. */
export function fields(value: Record<string, Json>, type: GraphQLObjectType, ctx: ValueContext): string {
  const all = type.getFields();
  const rows = Object.entries(value).map(([k, v]) => {
    const field = all[k];
    const shown = field ? renderTyped(v, field.type, k, ctx, value) : escapeText(JSON.stringify(v));
    return `<dt>${escapeText(labelOf(type, k, ctx.lang))}</dt><dd>${shown}</dd>`;
  });
  return `<dl>${rows.join('')}</dl>`;
}

function table(rows: Array<Record<string, Json>>, type: GraphQLObjectType, ctx: ValueContext): string {
  const all = type.getFields();
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const head = columns.map((c) => `<th>${escapeText(labelOf(type, c, ctx.lang))}</th>`).join('');
  const body = rows.map((r) => {
    const cells = columns.map((c) => {
      const field = all[c];
      const v = r[c] ?? null;
      return `<td>${field ? renderTyped(v, field.type, c, ctx, r) : escapeText(JSON.stringify(v))}</td>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}
