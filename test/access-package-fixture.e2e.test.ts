import fs from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { SUBGRAPH_NAMES } from '../common/config';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../common/keys';
import { PRIVACY_DEFINITIONS_SDL, PRIVACY_SPEC_URL, SUBJECT_ID, personalDirectiveSdl } from '../common/privacy';
import { buildGateway, type GatewayServer } from '../gateway/gateway';
import { POLICIES } from '../policies';
import { verifyManifest } from '../schema/access-package';
import { defaultSubgraphUrl } from '../scripts/compose';
import { schemaFile } from '../schema/schema-files';
import { supergraphSchema } from '../schema/supergraph';
import { exportSubject } from '../scripts/export';
import { buildPackage } from './helpers/access-package';
import { startStack, TEST_NOW, type Stack } from './helpers/stack';

/**
 * A subgraph that is not part of the product: it extends DataSubject with one new @personal
 * field. Composed with the committed subgraphs, served over HTTP behind a real gateway, it must
 * reach the package (schema, data, processing) through the generated query alone.
 */
const FIXTURE_SDL = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@composeDirective"])
  @link(url: "${PRIVACY_SPEC_URL}", import: ["@personal", "@notPersonal"])
  @composeDirective(name: "@personal")
  @composeDirective(name: "@notPersonal")

${PRIVACY_DEFINITIONS_SDL}

type DataSubject @key(fields: "id") {
  id: ID! ${personalDirectiveSdl(SUBJECT_ID)}
  """The name of the subject's pet, as they gave it."""
  petName: String ${personalDirectiveSdl({
    category: 'PREFERENCES',
    purposes: ['SERVICE'],
    basis: 'CONSENT',
    source: 'SUBJECT',
    retention: 'account',
  })}
}
`;

describe('a personal field added to a subgraph reaches the package with no change to the export code', () => {
  let stack: Stack;
  let fixture: ApolloServer;
  let gateway: GatewayServer;
  let gatewayUrl: string;
  let supergraphSdl: string;

  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
    fixture = new ApolloServer({
      plugins: [ApolloServerPluginInlineTraceDisabled()],
      schema: buildSubgraphSchema([
        {
          typeDefs: parse(FIXTURE_SDL),
          resolvers: {
            DataSubject: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, petName: 'Caramel 🐱' }) },
          },
        },
      ]),
    });
    const { url: fixtureUrl } = await startStandaloneServer(fixture, { listen: { port: 0, host: '127.0.0.1' } });
    const composed = composeServices([
      ...SUBGRAPH_NAMES.map((name) => ({
        name,
        url: defaultSubgraphUrl(name),
        typeDefs: parse(fs.readFileSync(schemaFile(name), 'utf8')),
      })),
      { name: 'fixture', url: fixtureUrl, typeDefs: parse(FIXTURE_SDL) },
    ]);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    supergraphSdl = composed.supergraphSdl;
    gateway = await buildGateway({
      supergraphSdl,
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, `${stack.subgraphs[n].listening.url}/graphql`])),
      callerAuth: {
        key: { kind: 'secret', secret: stack.secrets.caller },
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
      },
      internalSecret: stack.secrets.internal,
    });
    gatewayUrl = `${(await gateway.listen(0)).url}/graphql`;
  });
  afterAll(async () => {
    await gateway?.stop();
    await fixture?.stop();
    await stack?.stop();
  });

  it('shows the new field in data.schema.json, data.json, processing.json and the portable package', async () => {
    const schema = supergraphSchema(supergraphSdl);
    const id = demoId('subject', FEATURED_INDEX.golden);
    const exported = await exportSubject({
      gateway: gatewayUrl,
      token: await stack.token({ roles: ['service'], sub: 'export-tool' }),
      policy: POLICIES.ophelantyra,
      id,
      now: TEST_NOW,
      schema,
    });
    const options = { schema, supergraphSdl, policy: POLICIES.ophelantyra, madeAt: TEST_NOW };
    const pkg = await buildPackage(exported, { ...options, portable: false });

    expect(pkg.data.subgraphs.fixture).toEqual({ PREFERENCES: { petName: 'Caramel 🐱' } });
    const described = pkg.schema as {
      properties: {
        subgraphs: { properties: Record<string, { properties: Record<string, { properties: unknown }> }> };
      };
    };
    expect(described.properties.subgraphs.properties.fixture.properties.PREFERENCES.properties).toEqual({
      petName: expect.objectContaining({
        type: ['string', 'null'],
        description: "The name of the subject's pet, as they gave it.",
        'x-personal': expect.objectContaining({ category: 'PREFERENCES', basis: 'CONSENT', source: 'SUBJECT' }),
      }),
    });
    const preferences = pkg.processing.categories.find((c) => c.category === 'PREFERENCES')!;
    expect(preferences.fields).toContain('DataSubject.petName');
    expect(preferences.legalBases.map((b) => b.code)).toContain('CONSENT');
    expect(pkg.html).toContain('Caramel 🐱');
    expect(verifyManifest(pkg.manifest, pkg.files)).toEqual([]);
    // The manifest names the supergraph it was made with: this one, not the committed one.
    expect(pkg.manifest.supergraphSha256).not.toBe(
      (await buildPackage(exported, { ...options, supergraphSdl: 'other', portable: false })).manifest.supergraphSha256,
    );

    // Given on consent by the subject: portable too.
    const portable = await buildPackage(exported, { ...options, portable: true });
    expect(portable.data.subgraphs.fixture).toEqual({ PREFERENCES: { petName: 'Caramel 🐱' } });
  });
});
