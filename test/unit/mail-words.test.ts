import { HOLD_RELEASED, RetentionGround, ARCHIVED_AFTER_CLOSURE } from '../../common/privacy-contract';
import { REQUEST_CAUSES } from '../../subgraphs/requests/ledger/request-details';
import { basisOf } from '../../subgraphs/requests/mail/kept';
import { renderNotice } from '../../subgraphs/requests/mail/mail.templates';
import {
  KEPT_BASES,
  LANGUAGES,
  MESSAGE_KINDS,
  type Cause,
  type KeptRecords,
  type Notice,
  type RightName,
  type Sender,
} from '../../subgraphs/requests/mail/templates/notice';
import { BASIS, ENTITY, RIGHT, UNTIL_EVENT } from '../../subgraphs/requests/mail/templates/words';
import { DISPUTE_RESOLVED } from '../../subgraphs/support/dispute';

const SENDER: Sender = { organisation: 'ophelantyra', contact: 'support@ophelantyra.com', authority: 'CNIL' };
const ID = '6f1c1d2e-0000-4000-8000-000000000001';
const AT = new Date('2026-03-02T10:00:00Z');
const RIGHTS = Object.keys(RIGHT.fr) as RightName[];
/** A code as the code writes it: capitals joined by underscores (DISPUTE_RESOLVED, ART_17_3_E). */
const RAW_CODE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/;
const ENTITIES = [...Object.keys(ENTITY.en).filter((e) => e !== 'other'), 'SomethingNew'];

const causes = (): Cause[] => REQUEST_CAUSES.map((cause) => (cause === 'REQUEST' ? { cause } : { cause, at: AT }));
const kept = (): KeptRecords[] =>
  KEPT_BASES.flatMap((basis, i) =>
    ENTITIES.map((entity) => ({ entity, count: 1, basis, until: i % 2 === 0 ? null : AT })),
  );

/** Every message a subject can receive: each kind, for every right, cause and kept basis. */
function subjectNotices(): Notice[] {
  const notices: Notice[] = [
    { kind: 'EMAIL_CONFIRMATION', code: 'a'.repeat(43), expiresAt: AT },
    { kind: 'INACTIVITY_WARNING', lastActivity: AT, erasureDate: AT },
    { kind: 'GUARDIAN_CONTACT', childName: 'Zoé', minimumAge: 16, respondBy: AT },
  ];
  for (const right of RIGHTS) {
    const r = { requestId: ID, right };
    for (const cause of causes()) {
      notices.push({ kind: 'REQUEST_RECEIVED', ...r, receivedAt: AT, dueAt: AT, cause });
      for (const erasureBy of [undefined, null, AT])
        notices.push({ kind: 'REQUEST_COMPLETED', ...r, completedAt: AT, kept: kept(), cause, erasureBy });
    }
    notices.push(
      { kind: 'REQUEST_REJECTED', ...r, reason: 'Identité non vérifiée' },
      { kind: 'DEADLINE_EXTENDED', ...r, reason: 'Comptes liés', dueAt: AT, months: 1 },
      { kind: 'PACKAGE_READY', ...r, link: 'http://localhost/packages/x', expiresAt: AT },
      { kind: 'REQUEST_DELAYED', ...r, dueAt: AT },
      {
        kind: 'DISCLOSURE_MADE',
        requestId: ID,
        authority: 'Tribunal judiciaire de Lyon',
        legalBasis: 'Art. 60-1 CPP',
        categories: ['CONTACT', 'FINANCIAL', 'RIGHTS_REQUEST'],
        at: AT,
      },
      {
        kind: 'BREACH_NOTIFIED',
        requestId: ID,
        reference: 'INC-2026-031',
        circumstances: 'Un export laissé accessible six heures',
        consequences: 'Lecture possible de vos factures',
        measures: 'Accès fermé',
        advice: 'Méfiez-vous des demandes de paiement',
        categories: ['IDENTITY', 'BILLING'],
        at: AT,
      },
    );
    for (const purpose of ['SECURITY', 'FRAUD_PREVENTION', 'ANALYTICS', 'PERSONALISED_RECOMMENDATIONS']) {
      notices.push({ kind: 'OBJECTION_EXAMINED', requestId: ID, purpose, dueAt: AT });
      for (const decision of ['UPHELD', 'REFUSED'] as const)
        notices.push({ kind: 'OBJECTION_DECIDED', requestId: ID, purpose, decision, reasons: 'Motifs impérieux' });
    }
  }
  return notices;
}

describe('words for every code a message to a subject could show', () => {
  it('O26: every right, kept basis, cause and record name has words in both languages', () => {
    for (const language of LANGUAGES) {
      for (const right of RIGHTS) expect(RIGHT[language][right]).toMatch(/^[a-zé ]/);
      for (const basis of KEPT_BASES) {
        expect(BASIS[language][basis]).not.toMatch(RAW_CODE);
        expect(UNTIL_EVENT[language][basis]).not.toMatch(RAW_CODE);
      }
    }
    // Every ground and every end event a receipt can carry maps to a basis told in words.
    const grounds = Object.values(RetentionGround);
    expect(grounds.map((ground) => basisOf({ ground, untilEvent: null }))).toEqual([
      'LEGAL_OBLIGATION',
      'LEGAL_CLAIMS',
    ]);
    expect(basisOf({ ground: 'ART_17_3_E', untilEvent: DISPUTE_RESOLVED })).toBe('LEGAL_CLAIMS');
    expect(basisOf({ ground: 'ART_17_3_E', untilEvent: HOLD_RELEASED })).toBe('HOLD');
    expect(basisOf({ ground: 'ART_17_3_E', untilEvent: null, reason: ARCHIVED_AFTER_CLOSURE })).toBe('CLOSURE_ARCHIVE');
  });

  it('O26, V20: no message to a subject holds a raw code, in either language, whatever its facts', () => {
    const notices = subjectNotices();
    const kinds = new Set(notices.map((n) => n.kind));
    // Every kind but the dpo's own (REQUEST_FAILED) is covered.
    expect([...kinds].sort()).toEqual(MESSAGE_KINDS.filter((k) => k !== 'REQUEST_FAILED').sort());
    for (const language of LANGUAGES)
      for (const notice of notices) {
        const mail = renderNotice(notice, language, SENDER);
        const found = RAW_CODE.exec(`${mail.subject}\n${mail.text}`);
        if (found) throw new Error(`${notice.kind} in ${language} shows ${found[0]}:\n${mail.text}`);
      }
  });

  it('O34, V37: every outcome and every refusal, whatever its right and cause, names the supervisory authority to complain to, in both languages', () => {
    const answers = subjectNotices().filter((n) => n.kind === 'REQUEST_COMPLETED' || n.kind === 'REQUEST_REJECTED');
    expect(answers.length).toBeGreaterThan(RIGHTS.length * 2);
    for (const notice of answers) {
      expect(renderNotice(notice, 'fr', SENDER).text).toContain("réclamation auprès de l'autorité de contrôle (CNIL)");
      expect(renderNotice(notice, 'en', SENDER).text).toContain('complaint with the supervisory authority (CNIL)');
    }
  });

  it('O16, V20: each cause of an erasure is named, with its day, and never as « votre demande »', () => {
    const lines = (language: 'fr' | 'en', cause: Cause) =>
      renderNotice(
        { kind: 'REQUEST_COMPLETED', requestId: ID, right: 'ERASURE', completedAt: AT, kept: [], cause },
        language,
        SENDER,
      );
    const at = { at: new Date('2026-01-10T10:00:00Z') };
    expect(lines('fr', { cause: 'REQUEST' }).text).toContain("Votre demande d'effacement de vos données");
    expect(lines('fr', { cause: 'CLOSURE', ...at }).text).toContain('Vous avez fermé votre compte le 10 janvier 2026');
    expect(lines('en', { cause: 'CLOSURE', ...at }).text).toContain('You closed your account on 10 January 2026');
    expect(lines('fr', { cause: 'INACTIVITY', ...at }).text).toContain("n'a pas été utilisé depuis le 10 janvier 2026");
    expect(lines('en', { cause: 'INACTIVITY', ...at }).text).toContain('had not been used since 10 January 2026');
    expect(lines('fr', { cause: 'MINOR', ...at }).text).toContain("l'âge minimum");
    expect(lines('en', { cause: 'MINOR', ...at }).text).toContain('under the minimum age');
    expect(lines('fr', { cause: 'GUARDIAN', ...at }).text).toContain('par votre représentant légal');
    expect(lines('en', { cause: 'GUARDIAN', ...at }).text).toContain('by your legal representative');
    for (const cause of ['CLOSURE', 'INACTIVITY', 'MINOR'] as const) {
      const fr = lines('fr', { cause, ...at });
      expect(fr.subject).toBe('Vos données ont été effacées');
      expect(fr.text).not.toContain('votre demande');
      expect(lines('en', { cause, ...at }).text).not.toContain('your request');
    }
  });

  it('V20: records kept after a closure are told as the archive, not as a dispute under « the law »', () => {
    const text = renderNotice(
      {
        kind: 'REQUEST_COMPLETED',
        requestId: ID,
        right: 'ERASURE',
        completedAt: AT,
        cause: { cause: 'CLOSURE', at: AT },
        kept: [
          { entity: 'SupportTicket', count: 2, basis: 'CLOSURE_ARCHIVE', until: new Date('2028-03-02T10:00:00Z') },
        ],
      },
      'fr',
      SENDER,
    ).text;
    expect(text).toContain(
      "- demandes d'assistance (2) : archive de nos échanges après la fermeture de votre compte, durée fixée par notre politique, au plus tard jusqu'au 2 mars 2028",
    );
    expect(text).not.toContain('litige');
    expect(text).not.toContain('La loi nous oblige');
  });
});
