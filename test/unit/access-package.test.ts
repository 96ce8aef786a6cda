import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { packageData } from '../../schema/access-package/data';
import { collectDocuments, safeFileName } from '../../schema/access-package/documents';
import { escapeHtml, renderValue } from '../../schema/access-package/index-html';
import { dataJsonSchema } from '../../schema/access-package/json-schema';
import { leftOutOfPortable } from '../../schema/access-package/left-out';
import { buildManifest, verifyManifest } from '../../schema/access-package/manifest';
import { sha256Hex } from '../../schema/access-package/zip';
import { supergraphSchema } from '../../schema/supergraph';

/** A supergraph of two subgraphs, small enough to read: what json-schema.ts sees in the real one. */
const SDL = `
enum join__Graph { PROFILE BILLING }
enum Tier { FREE PAID }
scalar DateTimeISO
type Query { subject(id: ID!): DataSubject }
type DataSubject {
  id: ID! @personal(category: IDENTITY, purposes: [SERVICE], basis: CONTRACT, source: DERIVED, retention: "account", recipients: [])
  """Full name."""
  fullName: String @join__field(graph: PROFILE) @personal(category: IDENTITY, purposes: [SERVICE], basis: CONTRACT, source: SUBJECT, retention: "account", recipients: [])
  tier: Tier! @join__field(graph: BILLING) @personal(category: BILLING, purposes: [BILLING], basis: CONTRACT, source: DERIVED, retention: "account", recipients: [])
  files: [File!] @join__field(graph: PROFILE) @personal(category: DOCUMENTS, purposes: [SERVICE], basis: CONTRACT, source: SUBJECT, retention: "documents", recipients: [])
  lastSeenAt: DateTimeISO @join__field(graph: PROFILE) @personal(category: USAGE, purposes: [SECURITY], basis: LEGITIMATE_INTEREST, source: OBSERVED, retention: "account", recipients: [])
}
type File {
  id: ID! @notPersonal(reason: "technical identifier")
  name: String! @personal(category: DOCUMENTS, purposes: [SERVICE], basis: CONTRACT, source: SUBJECT, retention: "documents", recipients: [])
  sha256: String! @notPersonal(reason: "checksum")
  sizeBytes: Int! @notPersonal(reason: "size")
  contentBase64: String! @personal(category: DOCUMENTS, purposes: [SERVICE], basis: CONTRACT, source: SUBJECT, retention: "documents", recipients: [])
}
`;
const schema = supergraphSchema(SDL);
const content = Buffer.from('Bonjour, été 🌞\n');
const SUBJECT = {
  id: 's-1',
  fullName: '<b>Zoé</b>',
  tier: 'PAID',
  files: [
    {
      id: 'f1234567-x',
      name: '../../etc/passwd',
      sha256: sha256Hex(content),
      sizeBytes: content.length,
      contentBase64: content.toString('base64'),
    },
  ],
  lastSeenAt: '2026-11-01T00:00:00.000Z',
};

function validator(s: object) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary(['x-personal', 'x-not-personal']);
  return ajv.compile(s);
}

describe('data.json and its JSON Schema, from a supergraph', () => {
  it('places each field under its subgraph and category, the shared key apart', () => {
    expect(packageData(schema, 's-1', SUBJECT, { portable: false })).toEqual({
      format: 'access-package-data/1',
      subjectId: 's-1',
      portable: false,
      subject: { id: 's-1' },
      subgraphs: {
        profile: {
          IDENTITY: { fullName: '<b>Zoé</b>' },
          DOCUMENTS: { files: SUBJECT.files },
          USAGE: { lastSeenAt: '2026-11-01T00:00:00.000Z' },
        },
        billing: { BILLING: { tier: 'PAID' } },
      },
    });
  });

  it('describes every field with its GraphQL type, nullability, description and classification', () => {
    const s = dataJsonSchema(schema, { portable: false }) as {
      properties: { subgraphs: { properties: Record<string, { properties: Record<string, { properties: object }> }> } };
    };
    const profile = s.properties.subgraphs.properties.profile.properties;
    expect(profile.IDENTITY.properties).toEqual({
      fullName: {
        description: 'Full name.',
        'x-personal': expect.objectContaining({ category: 'IDENTITY', source: 'SUBJECT' }),
        type: ['string', 'null'],
      },
    });
    expect(s.properties.subgraphs.properties.billing.properties.BILLING.properties).toEqual({
      tier: expect.objectContaining({ enum: ['FREE', 'PAID'] }),
    });
    expect(profile.USAGE.properties).toEqual({
      lastSeenAt: expect.objectContaining({ type: ['string', 'null'], format: 'date-time' }),
    });
    const files = (profile.DOCUMENTS.properties as Record<string, { items: { properties: Record<string, object> } }>)
      .files;
    expect(files.items.properties.contentBase64).toMatchObject({ type: 'string', contentEncoding: 'base64' });
    expect(files.items.properties.sizeBytes).toMatchObject({ type: 'integer', 'x-not-personal': 'size' });
  });

  it('accepts the data it was made for and refuses data of another shape', () => {
    const validate = validator(dataJsonSchema(schema, { portable: false }));
    const data = packageData(schema, 's-1', SUBJECT, { portable: false });
    expect(validate(data)).toBe(true);
    expect(validate({ ...data, subgraphs: { ...data.subgraphs, billing: { BILLING: { tier: 'GOLD' } } } })).toBe(false);
    expect(validate({ ...data, subject: { id: 's-1', extra: 1 } })).toBe(false);
    const noDate = { ...data.subgraphs.profile, USAGE: { lastSeenAt: 'yesterday' } };
    expect(validate({ ...data, subgraphs: { ...data.subgraphs, profile: noDate } })).toBe(false);
  });

  it('keeps in the portable part what the subject gave on contract or consent, and says what it leaves out', () => {
    const data = packageData(schema, 's-1', SUBJECT, { portable: true });
    expect(data.subject).toEqual({});
    expect(data.subgraphs).toEqual({
      profile: { IDENTITY: { fullName: '<b>Zoé</b>' }, DOCUMENTS: { files: SUBJECT.files } },
    });
    expect(validator(dataJsonSchema(schema, { portable: true }))(data)).toBe(true);
    const leftOut = leftOutOfPortable(schema).map((l) => [l.field, l.reason.en]);
    expect(leftOut.sort()).toEqual([
      ['DataSubject.id', expect.stringContaining('derived')],
      ['DataSubject.lastSeenAt', expect.stringContaining('observed')],
      ['DataSubject.tier', expect.stringContaining('derived')],
    ]);
  });
});

describe('documents, the manifest, the page', () => {
  it('writes each file under documents/ with a name that cannot leave the folder', () => {
    const [doc] = collectDocuments(SUBJECT);
    expect(doc.path).toBe('documents/f1234567-_.._etc_passwd');
    expect(doc.content.equals(content)).toBe(true);
    expect(doc.recordedSha256).toBe(sha256Hex(content));
    expect(safeFileName('..')).toBe('document');
    expect(safeFileName('a\u0000b:c.pdf')).toBe('a_b_c.pdf');
  });

  it('a manifest verifies its files and names a missing, extra or changed one', () => {
    const files = new Map([
      ['data.json', Buffer.from('{}')],
      ['index.html', Buffer.from('<p>')],
    ]);
    const manifest = buildManifest(
      {
        subjectId: 's',
        requestId: null,
        madeAt: 'now',
        policy: 'ophelantyra',
        portable: false,
        supergraphSha256: sha256Hex('sdl'),
      },
      [...files].map(([path, c]) => ({ path, sha256: sha256Hex(c), bytes: c.length })),
    );
    expect(verifyManifest(manifest, files)).toEqual([]);
    const changed = new Map(files).set('data.json', Buffer.from('{ }')).set('extra.txt', Buffer.from(''));
    changed.delete('index.html');
    expect(verifyManifest(manifest, changed)).toEqual([
      'data.json: SHA-256 does not match',
      'index.html: listed but missing',
      'extra.txt: not in the manifest',
    ]);
  });

  it('escapes whatever the subject wrote', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#38;&#39;',
    );
    const html = renderValue({ name: '<img src=x onerror=alert(1)>', list: [{ a: '"q"' }], contentBase64: 'AAAA' });
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('&#34;q&#34;');
    expect(html).not.toContain('AAAA');
  });
});
