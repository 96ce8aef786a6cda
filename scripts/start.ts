/**
 * `npm start`: the gateway and the five subgraphs in one process on embedded SQLite (./data),
 * filled with demo data on first start. Production runs each as its own process instead
 * (docker-compose.yml); the code is the same.
 */
import 'reflect-metadata';
import { DEFAULT_PORTS, dbConfigFromEnv, isProduction } from '../common/config';
import { demoId } from '../common/demo/random';
import { seedIfEmpty, seedOptionsFromEnv } from '../common/demo/seeding';
import { SUBGRAPHS } from '../subgraphs';
import { describeMail, mailSettingsFromEnv } from '../subgraphs/requests/mail/mail.settings';
import { devTokens } from './dev-tokens';
import { startLocalStack } from './local-stack';
import { errorMessage } from '../common/errors';
import { setLogService } from '../common/log';
import { resolveSecretFiles } from '../common/secrets';
import { shutdownSettingsFromEnv, stopOnSignals } from '../common/shutdown';
import { defineCli } from './args';

async function main(): Promise<void> {
  defineCli({
    command: 'npm start',
    summary: `Starts the gateway (port 4000, or PORT) and the five subgraphs (4001-4005) in one process, on SQLite
in DATA_DIR (default ./data) or on MySQL with DB=mysql, filled with demo data when empty (SEED_SUBJECTS,
default 60). Prints the playground's address and, in development, a token per role. Ctrl-C stops it.`,
    options: {},
    examples: ['npm start', 'DATA_DIR=/tmp/demo POLICY=veloraqenvi npm start'],
    notes: 'Settings are environment variables: see docs/configuration.md.',
  });
  resolveSecretFiles();
  // Development: log lines for people (pino-pretty); production and every service run alone: JSON.
  if (!isProduction()) process.env.LOG_FORMAT ??= 'pretty';
  setLogService('npm start');
  const shutdown = shutdownSettingsFromEnv();
  // Same variables as a subgraph run on its own (SEED_SUBJECTS, SEED_NOW), but demo data by default.
  const seed = seedOptionsFromEnv({ SEED_SUBJECTS: '60', ...process.env });
  const production = isProduction();
  let tokens: Awaited<ReturnType<typeof devTokens>> | undefined;
  const stack = await startLocalStack({
    db: dbConfigFromEnv(),
    ports: { ...DEFAULT_PORTS, gateway: Number(process.env.PORT ?? DEFAULT_PORTS.gateway) },
    prepare: async (name, server) => {
      const seeded = seed ? await seedIfEmpty(SUBGRAPHS[name], server.db.dataSource, seed) : false;
      process.stdout.write(
        `  ${name.padEnd(9)} :${DEFAULT_PORTS[name]}  ${server.db.location}${seeded && seed ? `  (demo data: ${seed.subjects} subjects)` : ''}\n`,
      );
      // Development only: ready-made tokens, the dpo one in the playground's headers.
      if (name === 'sessions' && !production) tokens = await devTokens(server.db.dataSource);
    },
    playgroundToken: () => tokens?.dpo,
  });
  const url = stack.gatewayUrl.replace(/\/graphql$/, '');
  process.stdout.write(
    [
      '',
      `Gateway:    ${url}/graphql`,
      `Playground: ${url}/   (open it in a browser: the export query is ready to run, as dpo)`,
      `Mail:       ${describeMail(mailSettingsFromEnv(dbConfigFromEnv().sqliteDir))}`,
      ...(tokens
        ? [
            '',
            'Development tokens (8 h; npm run token -- --role <role> makes more):',
            ...Object.entries(tokens).map(([role, token]) => `  ${role.padEnd(8)} ${token}`),
            '',
            `Try:        curl -s ${url}/graphql -H 'content-type: application/json' \\`,
            `              -H 'authorization: Bearer ${tokens.dpo}' \\`,
            `              -d '{"query":"{ subject(id: \\"${demoId('subject', 0)}\\") { fullName invoices { number } } }"}'`,
          ]
        : []),
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  // Ctrl-C stops gracefully (what is under way finishes); a second Ctrl-C exits at once.
  stopOnSignals('npm start', stack, shutdown);
}

main().catch((error: unknown) => {
  const message = errorMessage(error);
  const hint = /EADDRINUSE/.test(message) ? ' (a port of 4000-4005 is taken: is another instance running?)' : '';
  process.stderr.write(`start failed: ${message}${hint}\n`);
  process.exit(1);
});
