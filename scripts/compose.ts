/**
 * `npm run compose`: builds each subgraph's SDL from its code and composes the supergraph the
 * gateway loads. Both are committed; a test fails when they differ from a fresh composition.
 * A script, not part of schema/: it loads every subgraph, which reading the schema never should.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '../common/config';
import { subgraphSchema } from '../common/subgraph-server';
import { SUBGRAPHS } from '../subgraphs';
import { defineCli, runCli } from './args';
import { schemaFile } from '../schema/schema-files';

/** The URL the supergraph records for a subgraph; the gateway may override it (PROFILE_URL...). */
export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://localhost:${DEFAULT_PORTS[name]}/graphql`;
}

export interface Composition {
  subgraphs: Array<{ name: SubgraphName; sdl: string }>;
  supergraphSdl: string;
}

export async function compose(): Promise<Composition> {
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, sdl: (await subgraphSchema(SUBGRAPHS[name])).sdl })),
  );
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: defaultSubgraphUrl(s.name), typeDefs: parse(s.sdl) })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return { subgraphs, supergraphSdl: `${result.supergraphSdl.trimEnd()}\n` };
}

async function main(): Promise<void> {
  defineCli({
    command: 'npm run compose',
    summary: `Builds each subgraph's SDL from its code (schema/<subgraph>.graphql) and composes the supergraph the
gateway loads (schema/supergraph.graphql). Run it after changing a resolver or entity; commit the files.`,
    options: {},
    examples: ['npm run compose && git diff --stat schema/'],
  });
  const { subgraphs, supergraphSdl } = await compose();
  for (const s of subgraphs) fs.writeFileSync(schemaFile(s.name), s.sdl);
  fs.writeFileSync(schemaFile('supergraph'), supergraphSdl);
  process.stdout.write(`composed ${subgraphs.map((s) => s.name).join(', ')} -> schema/supergraph.graphql\n`);
}

if (require.main === module) runCli('compose', main);
