import type { Principal } from '../../common/access';
import { POLICIES } from '../../policies';
import type { RightsRequestEntity } from '../../subgraphs/requests/ledger/entities/rights-request.entity';
import { dueDate } from '../../subgraphs/requests/ledger/deadlines';
import { identityVerification } from '../../subgraphs/requests/ledger/identity';
import { registeredTypes } from '../helpers/registry';
import { renderNotice } from '../../subgraphs/requests/mail/mail.templates';
import { packageRefusal } from '../../subgraphs/requests/access-package/package.route';

/** The pure rules of the right of access: deadlines, identity, who may fetch a package and until when. */

const { ophelantyra, veloraqenvi } = POLICIES;
const at = (iso: string) => new Date(iso);
const SUBJECT = '37b0a34e-4689-88ec-9c70-7775a5e166a3';
const subject: Principal = { sub: 'elodie', roles: ['subject'], subjectId: SUBJECT };
const other: Principal = { sub: 'zoe', roles: ['subject'], subjectId: '5b1c8d1e-0000-4000-8000-000000000001' };
const dpo: Principal = { sub: 'dpo-1', roles: ['dpo'] };

describe('the deadline of an export', () => {
  it("O9: ophelantyra's « sous quinze jours » for access and portability", () => {
    expect(dueDate(ophelantyra, 'ACCESS', at('2026-03-01T09:30:00Z'))).toEqual(at('2026-03-16T09:30:00Z'));
    expect(dueDate(ophelantyra, 'PORTABILITY', at('2026-12-25T23:59:00Z'))).toEqual(at('2027-01-09T23:59:00Z'));
  });

  it("V8: veloraqenvi's « entre 24 et 48 heures »: two days", () => {
    expect(dueDate(veloraqenvi, 'ACCESS', at('2026-02-28T10:00:00Z'))).toEqual(at('2026-03-02T10:00:00Z'));
    expect(dueDate(veloraqenvi, 'PORTABILITY', at('2026-11-30T10:00:00Z'))).toEqual(at('2026-12-02T10:00:00Z'));
  });

  it('an export has one leg, built by the requests service; every other request one per data subgraph', () => {
    const data = ['profile', 'sessions', 'billing', 'support'];
    const types = registeredTypes();
    expect(types.spec('ACCESS').legs).toEqual(['requests']);
    expect(types.spec('PORTABILITY').legs).toEqual(['requests']);
    expect(types.spec('ERASURE').legs).toEqual(data);
  });
});

describe('how the identity was verified (O14, V27)', () => {
  const now = at('2026-11-30T09:00:00Z');

  it('the subject asking for themself: their own sign-in, whatever they pass', () => {
    expect(identityVerification(subject, SUBJECT, { method: 'PHONE', evidenceRef: 'x' }, true, now)).toEqual({
      identityMethod: 'SUBJECT_TOKEN',
      identityEvidence: null,
      identityVerifiedBy: 'elodie',
      identityVerifiedAt: now,
    });
  });

  it('a dpo must say how and where the evidence is; never SUBJECT_TOKEN', () => {
    const argumentOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as { extensions: { argumentName: string } }).extensions.argumentName;
      }
      return 'accepted';
    };
    expect(argumentOf(() => identityVerification(dpo, SUBJECT, null, true, now))).toBe('input.identityVerification');
    expect(argumentOf(() => identityVerification(dpo, SUBJECT, { method: 'POST' }, true, now))).toBe(
      'input.identityVerification.evidenceRef',
    );
    expect(
      argumentOf(() => identityVerification(dpo, SUBJECT, { method: 'POST', evidenceRef: 'x'.repeat(201) }, true, now)),
    ).toBe('input.identityVerification.evidenceRef');
    expect(
      argumentOf(() => identityVerification(dpo, SUBJECT, { method: 'SUBJECT_TOKEN', evidenceRef: 'r' }, true, now)),
    ).toBe('input.identityVerification.method');
    expect(identityVerification(dpo, SUBJECT, { method: 'POST', evidenceRef: ' lettre 42 ' }, true, now)).toEqual({
      identityMethod: 'POST',
      identityEvidence: 'lettre 42',
      identityVerifiedBy: 'dpo-1',
      identityVerifiedAt: now,
    });
    // Not required (the other rights, for now): nothing recorded rather than refused.
    expect(identityVerification(dpo, SUBJECT, null, false, now).identityMethod).toBeNull();
  });
});

describe('who may fetch a package, and until when', () => {
  const expiry = at('2026-12-07T09:00:00Z');
  const request = (changes: Partial<RightsRequestEntity> = {}) =>
    ({
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      type: 'ACCESS',
      subjectId: SUBJECT,
      status: 'COMPLETED',
      packageExpiresAt: expiry,
      packageDeletedAt: null,
      ...changes,
    }) as RightsRequestEntity;
  const code = (p: Principal, r: RightsRequestEntity | null, now: Date) => packageRefusal(p, r, now)?.code ?? 'OK';

  it('V8: its subject and a dpo until the instant it expires, then a clear PACKAGE_EXPIRED', () => {
    const before = new Date(expiry.getTime() - 1);
    expect([code(subject, request(), before), code(dpo, request(), before)]).toEqual(['OK', 'OK']);
    expect(code(subject, request(), expiry)).toBe('PACKAGE_EXPIRED');
    expect(code(subject, request(), new Date(expiry.getTime() + 86_400_000))).toBe('PACKAGE_EXPIRED');
    expect(code(subject, request({ packageDeletedAt: before }), before)).toBe('PACKAGE_EXPIRED');
  });

  it('another subject: FORBIDDEN, for an existing request and an unknown one alike; a dpo hears NOT_FOUND', () => {
    const now = at('2026-12-01T00:00:00Z');
    expect(code(other, request(), now)).toBe('FORBIDDEN');
    expect(code(other, null, now)).toBe('FORBIDDEN');
    expect(code({ sub: 's', roles: ['service'] }, request(), now)).toBe('FORBIDDEN');
    expect(code(dpo, null, now)).toBe('NOT_FOUND');
    expect(code(dpo, request({ type: 'ERASURE' }), now)).toBe('NOT_FOUND');
  });

  it('not before it is ready; under review, the dpo only', () => {
    const now = at('2026-12-01T00:00:00Z');
    expect(code(subject, request({ status: 'IN_PROGRESS', packageExpiresAt: null }), now)).toBe('PACKAGE_NOT_READY');
    expect(code(subject, request({ status: 'AWAITING_REVIEW', packageExpiresAt: null }), now)).toBe(
      'PACKAGE_NOT_READY',
    );
    expect(code(dpo, request({ status: 'AWAITING_REVIEW', packageExpiresAt: null }), now)).toBe('OK');
    expect(code(dpo, request({ status: 'REJECTED' }), now)).toBe('REQUEST_CLOSED');
  });
});

describe('the "your data is ready" message (V8)', () => {
  const sender = { organisation: 'Ophelantyra', contact: 'dpo@ophelantyra.example', authority: 'CNIL' };
  const notice = {
    kind: 'PACKAGE_READY' as const,
    requestId: 'a1b2c3d4-0000-4000-8000-000000000001',
    right: 'ACCESS' as const,
    link: 'https://app.example/packages/a1b2c3d4-0000-4000-8000-000000000001',
    expiresAt: at('2026-12-07T09:00:00Z'),
  };

  it('says where, for whom and until when, in French and English', () => {
    const fr = renderNotice(notice, 'fr', sender);
    expect(fr.subject).toBe('Vos données sont prêtes à être téléchargées');
    expect(fr.text).toContain(notice.link);
    expect(fr.text).toContain("demande d'accès à vos données (art. 15 RGPD)");
    expect(fr.text).toContain("disponible jusqu'au 7 décembre 2026");
    const en = renderNotice({ ...notice, right: 'PORTABILITY' }, 'en', sender);
    expect(en.subject).toBe('Your data is ready to download');
    expect(en.text).toContain('request to port your data (Art. 20 GDPR)');
    expect(en.text).toContain('available until 7 December 2026');
    expect(en.text).toContain('the link works for you only');
  });
});
