/**
 * `npm run erasures:replay -- --since <ISO time>`: after restoring the data subgraphs from a
 * backup taken at that time, replays every erasure (whole or partial) and retention sweep the
 * ledger completed since, through the running gateway as a dpo (operations.md, "Backups and
 * restores"). Prints one line per replayed request and a total; a second run changes nothing.
 *   --gateway <url>   default http://127.0.0.1:4000/graphql
 *   --token <jwt>     a dpo's token (default: DSG_TOKEN, else one signed with the configured key)
 */
import 'reflect-metadata';
import { signWithConfiguredKey } from '../common/caller-token';
import { readSecret } from '../common/secrets';
import { defineCli, runCli } from './args';
import { CliError, postToGateway } from './cli';

interface Report {
  erasures: number;
  sweeps: number;
  changed: number;
  lines: string[];
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const values = defineCli(
    {
      command: 'npm run erasures:replay',
      summary: `After restoring the data services from a backup taken at --since, replays through the running
gateway (as a dpo) every erasure, partial erasure and retention sweep the ledger completed since
then: one line per replayed request and a total. A second run changes nothing.`,
      options: {
        since: { type: 'string', value: '<ISO time>', help: 'when the restored backup was taken (required)' },
        gateway: { type: 'string', value: '<url>', default: 'http://127.0.0.1:4000/graphql', help: 'the gateway' },
        token: { type: 'string', value: '<jwt>', help: "a dpo's token (default: DSG_TOKEN, else one signed here)" },
      },
      examples: ['npm run erasures:replay -- --since 2026-12-01T02:00:00Z'],
      notes: 'Exit 0 when replayed; 2 for bad usage or a refusal by the gateway; 1 when it cannot be reached.',
    },
    argv,
  );
  const since = values.since ? new Date(values.since) : null;
  if (!since || Number.isNaN(since.getTime()))
    throw new CliError('--since is required: the time the restored backup was taken (ISO 8601)', 2);
  const token =
    values.token ??
    readSecret('DSG_TOKEN') ??
    (await signWithConfiguredKey({ sub: 'erasures-replay', roles: ['dpo'] }, '15m'));
  const body = await postToGateway<{ r: Report }>(
    values.gateway,
    token,
    'mutation($since: DateTimeISO!) { r: replayErasures(since: $since) { erasures sweeps changed lines } }',
    { since: since.toISOString() },
  );
  const error = body.errors?.[0];
  if (error || !body.data)
    throw new CliError(`${error?.extensions?.code ?? 'ERROR'}: ${error?.message ?? 'no data'}`, 2);
  process.stdout.write(`${body.data.r.lines.join('\n')}\n`);
  return 0;
}

if (require.main === module) runCli('erasures:replay', () => main());
