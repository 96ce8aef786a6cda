import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the committed SDL lives. Apart from scripts/compose.ts so that reading the supergraph (the
 * gateway, the export tooling, unit tests) does not load every subgraph's schema code.
 */
export function schemaFile(name: string): string {
  return path.join(resolveSchemaDir(), `${name}.graphql`);
}

/** schema/ in the source tree, whether we run from ts-jest (source) or from dist/. */
export function resolveSchemaDir(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return path.join(dir, 'schema');
}
