import path from 'node:path';
import { describeFailure, isPermanent } from '../../subgraphs/requests/mail/mail.delivery';
import { describeMail, mailDomain, mailSettingsFromEnv } from '../../subgraphs/requests/mail/mail.settings';
import { renderNotice } from '../../subgraphs/requests/mail/mail.templates';
import { languageOf, type Notice, type Sender } from '../../subgraphs/requests/mail/templates/notice';
import { retryDelay } from '../../subgraphs/requests/ledger/retry';
import { tellsSubject } from '../../subgraphs/requests/mail/notices';
import { keptRecords } from '../../subgraphs/requests/mail/kept';

const SENDER: Sender = { organisation: 'veloraqenvi', contact: 'help@veloraqenvi.com', authority: 'CNIL' };
const REQUEST = '6f1c1d2e-0000-4000-8000-000000000001';
// 23:30 UTC on 30 November is already 1 December in Paris: the day a French reader must see.
const LATE_EVENING = new Date('2026-11-30T23:30:00Z');
const SAME_EVENING = new Date('2026-11-30T22:59:00Z');

describe('message templates', () => {
  it('the email-change code, in French and English, with the code alone on its line', () => {
    const notice: Notice = { kind: 'EMAIL_CONFIRMATION', code: 'A'.repeat(43), expiresAt: LATE_EVENING };
    const fr = renderNotice(notice, 'fr', SENDER);
    expect(fr.subject).toBe('Confirmez votre nouvelle adresse e-mail');
    expect(fr.text).toContain(`\n\n${'A'.repeat(43)}\n\n`);
    expect(fr.text).toContain('avant le 1 décembre 2026');
    const en = renderNotice(notice, 'en', SENDER);
    expect(en.subject).toBe('Confirm your new email address');
    expect(en.text).toContain('before 1 December 2026');
    expect(en.text).toContain('help@veloraqenvi.com');
  });

  it('dates are the day in Paris, on either side of midnight there', () => {
    const at = (receivedAt: Date) =>
      renderNotice(
        { kind: 'REQUEST_RECEIVED', requestId: REQUEST, right: 'ERASURE', receivedAt, dueAt: receivedAt },
        'fr',
        SENDER,
      ).text;
    expect(at(SAME_EVENING)).toContain('Nous avons reçu le 30 novembre 2026');
    expect(at(LATE_EVENING)).toContain('Nous avons reçu le 1 décembre 2026');
  });

  it('received names the right, the answer date and the reference', () => {
    const notice: Notice = {
      kind: 'REQUEST_RECEIVED',
      requestId: REQUEST,
      right: 'ERASURE',
      receivedAt: new Date('2026-01-31T10:00:00Z'),
      dueAt: new Date('2026-02-28T10:00:00Z'),
    };
    expect(renderNotice(notice, 'fr', SENDER)).toEqual({
      subject: 'Nous avons bien reçu votre demande',
      text: [
        'Bonjour,',
        '',
        "Nous avons reçu le 31 janvier 2026 votre demande d'effacement de vos données (art. 17 RGPD).",
        'Nous vous répondrons au plus tard le 28 février 2026.',
        '',
        `Référence : ${REQUEST}`,
        '',
        '--',
        'veloraqenvi, délégué à la protection des données',
        'Contact : help@veloraqenvi.com',
      ].join('\n'),
    });
    expect(renderNotice(notice, 'en', SENDER).text).toContain(
      'We received your request to erase your data (Art. 17 GDPR) on 31 January 2026.\nWe will answer by 28 February 2026 at the latest.',
    );
  });

  it('completed lists what the law keeps, why and until when; nothing kept, no such list', () => {
    const kept = [
      { entity: 'Invoice', count: 3, basis: 'LEGAL_OBLIGATION' as const, until: new Date('2036-03-01T12:00:00Z') },
      { entity: 'SupportTicket', count: 1, basis: 'LEGAL_CLAIMS' as const, until: null },
    ];
    const notice: Notice = {
      kind: 'REQUEST_COMPLETED',
      requestId: REQUEST,
      right: 'ERASURE',
      completedAt: SAME_EVENING,
      kept,
    };
    const fr = renderNotice(notice, 'fr', SENDER).text;
    expect(fr).toContain('a été traitée le 30 novembre 2026');
    expect(fr).toContain(
      "- factures (3) : obligation légale de conservation, comptable et fiscale (art. 17(3)(b) RGPD), au plus tard jusqu'au 1 mars 2036",
    );
    expect(fr).toContain(
      "- demandes d'assistance (1) : litige en cours, pour la défense de droits en justice (art. 17(3)(e) RGPD), jusqu'à la résolution complète du litige",
    );
    const en = renderNotice(notice, 'en', SENDER).text;
    expect(en).toContain(
      '- invoices (3): legal obligation to keep accounting and tax records (Art. 17(3)(b) GDPR), until 1 March 2036 at the latest',
    );
    const none = renderNotice({ ...notice, kept: [] }, 'en', SENDER).text;
    expect(none).not.toContain('We still keep');
  });

  it('a rejection carries its reason and the right to complain (Art. 12(4))', () => {
    const notice: Notice = {
      kind: 'REQUEST_REJECTED',
      requestId: REQUEST,
      right: 'RECTIFICATION',
      reason: 'Identité non vérifiée',
    };
    const fr = renderNotice(notice, 'fr', SENDER);
    expect(fr.subject).toBe('Votre demande ne peut pas être satisfaite');
    expect(fr.text).toContain('pour la raison suivante :\n\nIdentité non vérifiée\n');
    expect(fr.text).toContain("réclamation auprès de l'autorité de contrôle (CNIL)");
    const en = renderNotice(notice, 'en', SENDER);
    expect(en.text).toContain('lodge a complaint with the supervisory authority (CNIL)');
  });

  it('an extension carries its reason, its length and the new date (Art. 12(3))', () => {
    const notice: Notice = {
      kind: 'DEADLINE_EXTENDED',
      requestId: REQUEST,
      right: 'ERASURE',
      reason: 'Several linked accounts',
      months: 2,
      dueAt: new Date('2027-03-31T12:00:00Z'),
    };
    const en = renderNotice(notice, 'en', SENDER).text;
    expect(en).toContain('extended by 2 months, for this reason:\n\nSeveral linked accounts\n');
    expect(en).toContain('We will answer by 31 March 2027 at the latest (Art. 12(3) GDPR).');
    expect(renderNotice({ ...notice, months: 1 }, 'en', SENDER).text).toContain('extended by 1 month,');
    expect(renderNotice(notice, 'fr', SENDER).text).toContain('est prolongé de 2 mois');
  });

  it('the inactivity warning says since when and the day of erasure', () => {
    const notice: Notice = {
      kind: 'INACTIVITY_WARNING',
      lastActivity: new Date('2023-10-01T12:00:00Z'),
      erasureDate: new Date('2026-12-30T12:00:00Z'),
    };
    const fr = renderNotice(notice, 'fr', SENDER);
    expect(fr.subject).toBe('Votre compte est inactif');
    expect(fr.text).toContain("n'a pas été utilisé depuis le 1 octobre 2023");
    expect(fr.text).toContain('seront effacés le 30 décembre 2026');
    expect(renderNotice(notice, 'en', SENDER).text).toContain('will be erased on 30 December 2026');
  });

  it('the guardian contact names the child, the age limit and the answer date', () => {
    const notice: Notice = {
      kind: 'GUARDIAN_CONTACT',
      childName: 'Noé Petit',
      minimumAge: 16,
      respondBy: new Date('2026-12-15T12:00:00Z'),
    };
    const fr = renderNotice(notice, 'fr', SENDER);
    expect(fr.subject).toBe('Consentement parental requis');
    expect(fr.text).toContain('Noé Petit a un compte chez veloraqenvi. Pour les personnes de moins de 16 ans');
    expect(fr.text).toContain('avant le 15 décembre 2026');
    expect(renderNotice(notice, 'en', SENDER).text).toContain('For people under 16, we need the consent');
  });
});

describe('the language of a message', () => {
  it("is the profile locale's language when we write in it, else the configured default", () => {
    expect(languageOf('fr-FR', 'en')).toBe('fr');
    expect(languageOf('fr-BE', 'en')).toBe('fr');
    expect(languageOf('en-GB', 'fr')).toBe('en');
    expect(languageOf('EN_us', 'fr')).toBe('en');
    expect(languageOf('ja-JP', 'fr')).toBe('fr');
    expect(languageOf('ja-JP', 'en')).toBe('en');
    expect(languageOf('', 'fr')).toBe('fr');
    expect(languageOf(null, 'en')).toBe('en');
  });
});

describe('delivery rules', () => {
  it('retries after 2 s, doubling, up to 5 minutes', () => {
    const settings = mailSettingsFromEnv('/tmp/x', {});
    const delays = [1, 2, 3, 4, 8, 9, 10, 11].map((n) => retryDelay(settings, n));
    expect(delays).toEqual([2000, 4000, 8000, 16_000, 256_000, 300_000, 300_000, 300_000]);
    expect(settings.maxAttempts).toBe(10);
  });

  it('reads its settings from the environment and refuses nonsense', () => {
    const defaults = mailSettingsFromEnv('data', {});
    expect(defaults).toMatchObject({ smtpUrl: null, defaultLanguage: 'fr', dir: path.resolve('data', 'mail') });
    expect(describeMail(defaults)).toBe(
      `written as .eml files under ${path.resolve('data', 'mail')} (set SMTP_URL to send it)`,
    );
    const smtp = mailSettingsFromEnv('data', {
      SMTP_URL: 'smtp://user:secret@mail.example.org:2525',
      MAIL_FROM: 'DPO <dpo@example.org>',
      MAIL_DEFAULT_LANGUAGE: 'EN',
      MAIL_MAX_ATTEMPTS: '3',
    });
    expect(smtp).toMatchObject({ defaultLanguage: 'en', maxAttempts: 3, from: 'DPO <dpo@example.org>' });
    expect(describeMail(smtp)).toBe('sent through smtp://mail.example.org:2525');
    expect(mailDomain(smtp.from)).toBe('example.org');
    expect(() => mailSettingsFromEnv('data', { SMTP_URL: 'http://x' })).toThrow('SMTP_URL');
    expect(() => mailSettingsFromEnv('data', { MAIL_FROM: 'nobody' })).toThrow('MAIL_FROM');
    expect(() => mailSettingsFromEnv('data', { MAIL_DEFAULT_LANGUAGE: 'de' })).toThrow('MAIL_DEFAULT_LANGUAGE');
    expect(() => mailSettingsFromEnv('data', { MAIL_RETRY_BASE_MS: '0' })).toThrow('MAIL_RETRY_BASE_MS');
  });

  it('a 5xx reply is final, anything else is retried; the error a dpo reads names no address', () => {
    const refused = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 <a.b@example.org>"), {
      code: 'EENVELOPE',
      responseCode: 550,
    });
    expect(isPermanent(refused)).toBe(true);
    expect(isPermanent(Object.assign(new Error('busy'), { responseCode: 451 }))).toBe(false);
    expect(isPermanent(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toBe(false);
    expect(describeFailure(refused)).toBe(
      "EENVELOPE 550: Can't send mail - all recipients were rejected: 550 <address>",
    );
  });

  it('only the rights a person exercises tell them by mail; a system run (retention) tells nobody', () => {
    for (const type of ['ERASURE', 'RECTIFICATION', 'RESTRICTION', 'LIFT_RESTRICTION', 'OBJECTION', 'CONSENT'])
      expect(tellsSubject(type)).toBe(true);
    expect(tellsSubject('RETENTION')).toBe(false);
  });

  it('sums what the receipts kept per kind and basis, until the latest date or an open event', () => {
    const receipt = (retained: Array<{ until: string | null; untilEvent: string | null }>, entity = 'Invoice') =>
      JSON.stringify({
        subgraph: 'billing',
        operation: 'erase',
        requestId: REQUEST,
        outcome: 'APPLIED',
        at: '2026-11-01T00:00:00.000Z',
        recipients: [],
        entities: [
          {
            entity,
            deleted: 0,
            anonymised: 0,
            updated: 0,
            retained: retained.map((r, i) => ({ id: String(i), ground: 'ART_17_3_B', ...r })),
          },
        ],
      });
    const kept = keptRecords([
      {
        receipt: receipt([
          { until: '2033-01-01T00:00:00.000Z', untilEvent: null },
          { until: '2035-06-01T00:00:00.000Z', untilEvent: null },
        ]),
      },
      { receipt: null },
      {
        receipt: receipt(
          [
            { until: '2034-01-01T00:00:00.000Z', untilEvent: null },
            { until: null, untilEvent: 'resolved' },
          ],
          'Payment',
        ),
      },
    ]);
    expect(kept).toEqual([
      { entity: 'Invoice', count: 2, basis: 'LEGAL_OBLIGATION', until: new Date('2035-06-01T00:00:00.000Z') },
      { entity: 'Payment', count: 2, basis: 'LEGAL_OBLIGATION', until: null },
    ]);
  });
});
