import fs from 'node:fs';
import { compose } from '../scripts/compose';
import { schemaFile } from '../schema/schema-files';
import { reachableFields, supergraphSchema } from '../schema/supergraph';

describe('the committed supergraph', () => {
  it('is what a fresh composition of the subgraphs gives (run `npm run compose` after a schema change)', async () => {
    const fresh = await compose();
    expect(fs.readFileSync(schemaFile('supergraph'), 'utf8')).toBe(fresh.supergraphSdl);
    for (const s of fresh.subgraphs) {
      expect(fs.readFileSync(schemaFile(s.name), 'utf8')).toBe(s.sdl);
    }
  });

  it('classifies every field reachable from DataSubject as @personal or @notPersonal, never both', () => {
    const fields = reachableFields(supergraphSchema());
    const unclassified = fields.filter((f) => !f.personal && f.notPersonalReason === null).map((f) => f.coordinate);
    const both = fields.filter((f) => f.personal && f.notPersonalReason !== null).map((f) => f.coordinate);
    expect(unclassified).toEqual([]);
    expect(both).toEqual([]);
    // Every collection the issue names is reachable, so the check above covers them.
    const coordinates = new Set(fields.map((f) => f.coordinate));
    for (const field of [
      'fullName',
      'email',
      'phone',
      'status',
      'professional',
      'financialSituation',
      'consents',
      'mentoringSessions',
      'documents',
      'evaluations',
      'learningProgress',
      'downloads',
      'connectionLogs',
      'billingAccount',
      'invoices',
      'payments',
      'subscriptions',
      'supportTickets',
    ]) {
      expect(coordinates).toContain(`DataSubject.${field}`);
    }
  });

  it('fails the classification check for a field that carries neither directive', () => {
    const sdl = fs.readFileSync(schemaFile('supergraph'), 'utf8').replace(/(\n\s+fullName: String!?)[^\n]*/, '$1');
    const unclassified = reachableFields(supergraphSchema(sdl)).filter(
      (f) => !f.personal && f.notPersonalReason === null,
    );
    expect(unclassified.map((f) => f.coordinate)).toEqual(['DataSubject.fullName']);
  });

  it('keeps personal-data metadata in the supergraph for Art. 15 (purposes, basis, retention, recipients, source)', () => {
    const email = reachableFields(supergraphSchema()).find((f) => f.coordinate === 'DataSubject.email');
    expect(email?.personal).toEqual({
      category: 'CONTACT',
      purposes: ['SERVICE', 'COMMUNICATION', 'SUPPORT'],
      basis: 'CONTRACT',
      source: 'SUBJECT',
      retention: 'account',
      recipients: ['HOSTING_PROVIDER', 'EMAIL_PROVIDER'],
    });
  });
});

describe('what the personal data is used for, and who receives it', () => {
  const personal = reachableFields(supergraphSchema()).flatMap((f) =>
    f.personal ? [{ coordinate: f.coordinate, ...f.personal }] : [],
  );
  const enumValues = (name: string): string[] => {
    const type = supergraphSchema().getType(name);
    if (!type || !('getValues' in type)) throw new Error(`no enum ${name}`);
    return type.getValues().map((v) => v.name);
  };

  it('O7, V35: no recipient but the listed processors (hosting, email, payment), the mentor, the employer and the authorities: no advertiser, broker or partner exists to send data to', () => {
    const listed = ['HOSTING_PROVIDER', 'EMAIL_PROVIDER', 'PAYMENT_PROVIDER', 'MENTOR', 'EMPLOYER', 'AUTHORITIES'];
    expect(enumValues('Recipient')).toEqual(listed);
    expect(personal.filter((f) => f.recipients.some((r) => !listed.includes(r))).map((f) => f.coordinate)).toEqual([]);
    // Nothing marketing-related leaves the house: the marketing preferences have no recipient at all.
    const marketing = personal.filter((f) => f.purposes.includes('MARKETING'));
    expect(marketing.length).toBeGreaterThan(0);
    expect(marketing.filter((f) => f.recipients.length > 0).map((f) => f.coordinate)).toEqual([]);
  });

  it('O37, V41: no purpose profiles or advertises; technical and usage data serve only the service, its security, support and its improvement', () => {
    const purposes = enumValues('ProcessingPurpose');
    expect(purposes.filter((p) => /PROFIL|ADVERT|TARGET|BROKER|RESALE|SALE/.test(p))).toEqual([]);
    const allowed = ['SERVICE', 'SECURITY', 'SUPPORT', 'SERVICE_IMPROVEMENT', 'LEGAL_COMPLIANCE'];
    const technical = personal.filter((f) => f.category === 'CONNECTION' || f.category === 'USAGE');
    expect(technical.map((f) => f.coordinate)).toEqual(
      expect.arrayContaining(['ConnectionLog.ip', 'ConnectionLog.pages', 'ResourceDownload.resourceCode']),
    );
    expect(technical.filter((f) => f.purposes.some((p) => !allowed.includes(p))).map((f) => f.coordinate)).toEqual([]);
    expect(enumValues('ConsentPurpose')).not.toContain('PROFILING');
  });

  it('O6: an employer receives only the sponsorship (its name and the agreed reporting scope), and what it is reported rests on consent', () => {
    const toEmployer = personal.filter((f) => f.recipients.includes('EMPLOYER'));
    expect(toEmployer.map((f) => f.coordinate).sort()).toEqual([
      'DataSubject.sponsorship',
      'EmployerSponsorship.employerName',
      'EmployerSponsorship.reportingScope',
    ]);
    expect(personal.find((f) => f.coordinate === 'EmployerSponsorship.reportingScope')).toMatchObject({
      purposes: ['EMPLOYER_REPORTING'],
      basis: 'CONSENT',
    });
  });

  it('V10: no field anywhere holds a card number, its expiry or its security code; payments are held by the provider’s reference and amount', () => {
    const all = reachableFields(supergraphSchema()).map((f) => f.coordinate);
    expect(all.filter((c) => /card|pan\b|cvv|cvc|expiry|iban/i.test(c.split('.')[1]))).toEqual([]);
    expect(all).toEqual(
      expect.arrayContaining([
        'Payment.providerPaymentRef',
        'Payment.amountCents',
        'BillingAccount.providerCustomerRef',
      ]),
    );
  });
});
