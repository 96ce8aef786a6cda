/**
 * The command line of `npm run export`: its options and usage, and the policy check against the
 * running stack (an export labelled with another controller's policy than the one the stack
 * applies would tell the subject untrue things, so a differing --policy is refused).
 */
import path from 'node:path';
import { POLICIES, type PrivacyPolicy } from '../policies';
import { defineCli, usageError } from './args';
import { CliError } from './cli';

export function exportOptions(argv: string[] = process.argv.slice(2)) {
  return defineCli(
    {
      command: 'npm run export',
      summary: `A subject's data through the gateway: the export file (JSON: everything held, with the Art. 15(1)
information and the Art. 20 portable part), or with --out <file>.zip their access package (Art. 15),
with --portable their portable package (Art. 20). Without --out the JSON goes to exports/<id>.json
(a folder git ignores); --out - prints it.`,
      options: {
        id: { type: 'string', value: '<uuid>', help: "the subject's id" },
        subject: { type: 'string', value: '<uuid>', help: 'the same as --id' },
        email: { type: 'string', value: '<address>', help: 'find the subject by email instead' },
        out: {
          type: 'string',
          value: '<file|dir|->',
          help: 'file.json, file.zip, a folder with --ids-file, - for stdout',
        },
        portable: { type: 'boolean', default: false, help: 'the portable package (Art. 20); needs --out <file>.zip' },
        request: {
          type: 'string',
          value: '<uuid>',
          help: 'the rights request the package answers; alone: download that request’s package',
        },
        gateway: { type: 'string', value: '<url>', default: 'http://127.0.0.1:4000/graphql', help: 'the gateway' },
        policy: {
          type: 'string',
          value: '<id>',
          help: `${Object.keys(POLICIES).join(' | ')}; default the running stack's, refused when it differs`,
        },
        token: {
          type: 'string',
          value: '<jwt>',
          help: 'the caller (default DSG_TOKEN, else a service token signed here)',
        },
        'ids-file': {
          type: 'string',
          value: '<file>',
          help: 'many subjects, one id per line: one <out>/<id>.json each',
        },
        batch: { type: 'string', value: '<n>', help: 'with --ids-file: ids per call, 1 to 500 (default 100)' },
      },
      examples: [
        'npm run export -- --id 37b0a34e-4689-88ec-9c70-7775a5e166a3',
        'npm run export -- --email elodie.dupre-noel@example.fr --out exports/elodie.zip',
        'npm run export -- --ids-file ids.txt --out exports/bulk',
      ],
      notes:
        'Exit 0 once written; 1 when the gateway refused or answered in part; 2 for bad usage (nothing written); 3 when the gateway does not answer.',
    },
    argv,
  );
}

/** Where the JSON goes without --out: exports/<id or email>.json under the current folder. */
export function defaultOut(idOrEmail: string): string {
  return path.resolve('exports', `${idOrEmail.replace(/[^\w.@-]/g, '_')}.json`);
}

/** The policy the running stack applies, from the gateway's `/ready` (null when it does not say). */
async function stackPolicy(gateway: string): Promise<string | null> {
  try {
    const res = await fetch(`${gateway.replace(/\/graphql\/?$/, '')}/ready`);
    const body = (await res.json()) as { policy?: unknown };
    return typeof body.policy === 'string' ? body.policy : null;
  } catch {
    throw new CliError(`the gateway does not answer at ${gateway} (is it running? npm start)`, 3);
  }
}

/** The policy to label the export with: --policy when it is the stack's, else the stack's. */
export async function exportPolicy(gateway: string, asked: string | undefined): Promise<PrivacyPolicy> {
  if (asked !== undefined && !(asked in POLICIES))
    throw usageError(`--policy must be one of ${Object.keys(POLICIES).join(', ')}`);
  const running = await stackPolicy(gateway);
  if (asked !== undefined && running !== null && asked !== running)
    throw usageError(
      `--policy ${asked} differs from the policy the running stack applies (${running}): the export would name the wrong controller`,
    );
  const id = asked ?? running ?? process.env.POLICY ?? 'ophelantyra';
  const policy = POLICIES[id as PrivacyPolicy['id']];
  if (!policy) throw usageError(`POLICY must be one of ${Object.keys(POLICIES).join(', ')}`);
  return policy;
}
