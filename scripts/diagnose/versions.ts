/** What runs: Node, this package and the dependencies a support question usually turns on. */
import fs from 'node:fs';
import path from 'node:path';

const KEY_DEPENDENCIES = [
  '@apollo/server',
  '@apollo/gateway',
  '@apollo/subgraph',
  'graphql',
  'type-graphql',
  'typeorm',
  'mysql2',
  'better-sqlite3',
  'express',
  'nodemailer',
] as const;

function versionAt(file: string): string {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return 'not installed';
  }
}

/** [name, version] lines; `root` is the folder of the package.json (dist/ sits inside it). */
export function versions(root: string): Array<[string, string]> {
  const self = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    engines?: { node?: string };
  };
  return [
    [
      'node',
      `${process.version} (${process.platform} ${process.arch}; package.json engines ${self.engines?.node ?? '-'})`,
    ],
    [self.name, self.version],
    ...KEY_DEPENDENCIES.map((d): [string, string] => [
      d,
      versionAt(path.join(root, 'node_modules', d, 'package.json')),
    ]),
  ];
}
