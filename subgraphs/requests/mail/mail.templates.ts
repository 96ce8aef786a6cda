/**
 * The messages the service sends, in French and English: small typed functions, one per kind,
 * that turn what happened into a subject line and a plain-text body. Nothing here reads a
 * database or a clock: the caller gives the facts (dates included), so rendering is a pure rule.
 */

import { EN } from './templates/en';
import { FR } from './templates/fr';
import type { Language, Notice, RenderedMail, Sender, Templates } from './templates/notice';

const TEMPLATES: Record<Language, Templates> = { fr: FR, en: EN };

export function renderNotice(notice: Notice, language: Language, sender: Sender): RenderedMail {
  const render = TEMPLATES[language][notice.kind] as (n: Notice, s: Sender) => RenderedMail;
  return render(notice, sender);
}
