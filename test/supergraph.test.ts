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
