import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { fullExportDetector, subjectFieldOwners } from '../../gateway/limits/full-export';
import { exportQuery, readSupergraphSdl, supergraphSchema } from '../../schema/supergraph';

/** What counts as a full export (its own rate limit), read from the committed supergraph. */

const sdl = readSupergraphSdl();
const schema = supergraphSchema(sdl);
const EXPORT = exportQuery(schema);
const BULK_EXPORT = EXPORT.replace('query SubjectExport($id: ID!)', 'query SubjectsExport($ids: [ID!]!)').replace(
  'subject(id: $id)',
  'subjects(ids: $ids)',
);
const isExport = fullExportDetector(sdl);
const check = (query: string): boolean => {
  const doc = parse(query);
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error('no operation');
  return isExport(schema, doc, operation);
};

describe('what counts as a full export', () => {
  it('is the export query, by one id or many', () => {
    expect(check(EXPORT)).toBe(true);
    expect(check(BULK_EXPORT)).toBe(true);
  });

  it('reads which data subgraph owns each DataSubject field; the shared key belongs to none', () => {
    const owners = subjectFieldOwners(sdl);
    expect(owners.get('email')).toEqual(['profile']);
    expect(owners.get('mentoringSessions')).toEqual(['sessions']);
    expect(owners.get('invoices')).toEqual(['billing']);
    expect(owners.get('supportTickets')).toEqual(['support']);
    expect(owners.has('id')).toBe(false);
    // The requests subgraph holds the ledger, not the subject's data: it is not counted.
    expect(owners.has('requests')).toBe(false);
  });

  it('is any operation reaching a field of each of the four data subgraphs, however it is split', () => {
    expect(
      check('{ subject(id: "x") { fullName mentoringSessions { id } invoices { id } supportTickets { id } } }'),
    ).toBe(true);
    // Spread over fragments, inline fragments and two different subjects: still the four.
    expect(
      check(`{ a: subject(id: "x") { ...P ... on DataSubject { downloads { id } } } b: searchSubjects(text: "xx") { ...B } }
             fragment P on DataSubject { email } fragment B on DataSubject { payments { id } ...S } fragment S on DataSubject { supportTickets { id } }`),
    ).toBe(true);
  });

  it('is not a query that leaves one data subgraph out, nor one that only names the subject', () => {
    expect(check('{ subject(id: "x") { fullName mentoringSessions { id } invoices { id } } }')).toBe(false);
    expect(check('{ subject(id: "x") { mentoringSessions { id } invoices { id } supportTickets { id } } }')).toBe(
      false,
    );
    expect(check('{ subjects(ids: ["x"]) { id } }')).toBe(false);
  });

  it('does not count the same subgraph field twice as two subgraphs, nor loop on a fragment that spreads itself', () => {
    expect(check('{ subject(id: "x") { email fullName phone birthDate } }')).toBe(false);
    expect(check('{ subject(id: "x") { ...A } } fragment A on DataSubject { email ...A }')).toBe(false);
  });

  it('is never an operation when the supergraph has no data subgraph field on DataSubject', () => {
    const none = fullExportDetector('type Query { a: String }');
    const doc = parse('{ a }');
    expect(none(schema, doc, doc.definitions[0] as OperationDefinitionNode)).toBe(false);
  });
});
