/**
 * `npm run export -- --id <id>`: a subject's export file (JSON), access package (--out x.zip) or
 * portable package (--portable), fetched through the gateway with the query derived from the
 * supergraph; `--request <id>` alone downloads that request's package; `--ids-file` exports many
 * (export-bulk.ts). Options and examples: `npm run export -- --help` (export-options.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { signWithConfiguredKey } from '../common/caller-token';
import type { PrivacyPolicy } from '../policies';
import { buildSubjectExport, type Json, type SubjectExport } from '../schema/subject-export';
import { writeAccessPackage } from '../schema/access-package';
import { exportQuery, readSupergraphSdl, supergraphSchema } from '../schema/supergraph';
import { runCli } from './args';
import { defaultOut, exportOptions, exportPolicy } from './export-options';
import { readSecret } from '../common/secrets';
import { CliError, postToGateway, type GatewayAnswer } from './cli';
import { DEFAULT_BATCH, exportMany } from './export-bulk';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** The export's errors are the command-line tools' own (the name stays for its callers). */
export { CliError as ExportError };

type Found = { subject?: Json; subjectByEmail?: Json };

/** Fetches and assembles one subject's export; throws CliError with a message for people. */
export async function exportSubject(options: {
  gateway: string;
  token: string;
  policy: PrivacyPolicy;
  id?: string;
  email?: string;
  now?: Date;
  /** The supergraph to derive the query from (default: the committed one). */
  schema?: GraphQLSchema;
}): Promise<SubjectExport> {
  const schema = options.schema ?? supergraphSchema();
  let id = options.id;
  if (!id && options.email) {
    const found = await postToGateway<Found>(
      options.gateway,
      options.token,
      'query($e: String!) { subjectByEmail(email: $e) { id } }',
      { e: options.email },
    );
    if (found.errors?.length)
      throw new CliError(found.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n'), 2);
    const subject = found.data?.subjectByEmail as { id: string } | null | undefined;
    if (!subject) throw new CliError('no subject has this email', 2);
    id = subject.id;
  }
  if (!id) throw new CliError('give --id <id> or --email <address>', 2);
  const answer = await postToGateway<Found>(options.gateway, options.token, exportQuery(schema), { id });
  if (answer.errors?.length) {
    // A partial export is not an export: the subject is owed all of it.
    throw new CliError(answer.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n'), 1);
  }
  const data = answer.data?.subject;
  if (!data) throw new CliError('no subject has this id', 2);
  return buildSubjectExport(schema, options.policy, id, data, options.now);
}

/**
 * Downloads the package of a completed ACCESS or PORTABILITY request through the gateway
 * (GET /packages/<id>), to a temporary file renamed once complete. A refusal exits with 1 and
 * the gateway's code and message (PACKAGE_NOT_READY, PACKAGE_EXPIRED, FORBIDDEN...).
 */
export async function downloadPackage(gateway: string, token: string, requestId: string, out: string): Promise<number> {
  const url = `${gateway.replace(/\/graphql\/?$/, '')}/packages/${encodeURIComponent(requestId)}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new CliError(`the gateway does not answer at ${gateway} (is it running? npm start)`, 3);
  }
  if (!res.ok || !res.body) {
    const answer = (await res.json().catch(() => ({}))) as GatewayAnswer<never>;
    const why = answer.errors?.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n');
    throw new CliError(why ?? `the gateway answered HTTP ${res.status}`, 1);
  }
  const partial = `${out}.part`;
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), fs.createWriteStream(partial));
  fs.renameSync(partial, out);
  return fs.statSync(out).size;
}

async function main(): Promise<void> {
  const values = exportOptions();
  if (values['ids-file'] !== undefined) return bulk(values);
  const asZip = values.out?.toLowerCase().endsWith('.zip') ?? false;
  if (values.request && !values.id && !values.subject && !values.email) {
    if (!values.out || !asZip) throw new CliError('--request alone downloads a package: give --out <file>.zip', 2);
    const token =
      values.token ??
      readSecret('DSG_TOKEN') ??
      (await signWithConfiguredKey({ sub: 'export-tool', roles: ['dpo'] }, '15m'));
    const bytes = await downloadPackage(values.gateway, token, values.request, values.out);
    process.stderr.write(`wrote ${values.out} (the package of request ${values.request}, ${bytes} bytes)\n`);
    return;
  }
  if ((values.portable || values.request) && !asZip)
    throw new CliError('--portable and --request make a package: give --out <file>.zip', 2);
  const who = values.id ?? values.subject ?? values.email;
  if (!who) throw new CliError('give --id <id> or --email <address>', 2);
  const policy = await exportPolicy(values.gateway, values.policy);
  process.stderr.write(`exporting through ${values.gateway} under the ${policy.id} policy...\n`);
  const token =
    values.token ??
    readSecret('DSG_TOKEN') ??
    (await signWithConfiguredKey({ sub: 'export-tool', roles: ['service'] }, '15m'));
  const result = await exportSubject({
    gateway: values.gateway,
    token,
    policy,
    id: values.id ?? values.subject,
    email: values.email,
  });
  if (values.out && values.out !== '-') fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
  if (values.out && asZip) {
    const supergraphSdl = readSupergraphSdl();
    const manifest = await writeAccessPackage(
      result,
      {
        schema: supergraphSchema(supergraphSdl),
        supergraphSdl,
        policy,
        portable: values.portable,
        requestId: values.request ?? null,
        madeAt: new Date(result.generatedAt),
      },
      fs.createWriteStream(values.out),
    );
    process.stderr.write(
      `wrote ${values.out} (${manifest.portable ? 'portable package' : 'access package'}, ${manifest.files.length} files)\n`,
    );
    return;
  }
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (values.out === '-') {
    process.stdout.write(text);
    return;
  }
  const out = values.out ?? defaultOut(who);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, text);
  process.stderr.write(`wrote ${out} (${text.length} bytes, ${result.processing.length} categories of data)\n`);
}

/** Self-signed tokens last 15 minutes; a bulk run signs a new one when its token is 10 minutes old. */
function tokenSource(given: string | undefined): () => Promise<string> {
  if (given) return () => Promise.resolve(given);
  let token: Promise<string> | undefined;
  let signedAt = 0;
  return () => {
    if (!token || Date.now() - signedAt > 10 * 60_000) {
      signedAt = Date.now();
      token = signWithConfiguredKey({ sub: 'export-tool', roles: ['service'] }, '15m');
    }
    return token;
  };
}

async function bulk(values: {
  'ids-file'?: string;
  out?: string;
  batch?: string;
  gateway: string;
  policy?: string;
  token?: string;
  id?: string;
  subject?: string;
  email?: string;
  portable: boolean;
  request?: string;
}): Promise<void> {
  if (!values.out) throw new CliError('--ids-file needs --out <folder>: one <id>.json per subject goes there', 2);
  if (values.id || values.subject || values.email || values.portable || values.request)
    throw new CliError('--ids-file exports the listed subjects: not with --id, --email, --portable or --request', 2);
  const batch = values.batch === undefined ? DEFAULT_BATCH : Number(values.batch);
  const policy = await exportPolicy(values.gateway, values.policy);
  const result = await exportMany({
    idsFile: values['ids-file']!,
    outDir: values.out,
    gateway: values.gateway,
    token: tokenSource(values.token ?? readSecret('DSG_TOKEN')),
    policy,
    schema: supergraphSchema(),
    batch,
  });
  const rate = result.seconds > 0 ? (result.written / result.seconds).toFixed(1) : '-';
  process.stderr.write(
    `wrote ${result.written} subjects to ${values.out} in ${result.seconds.toFixed(1)} s (${rate}/s)` +
      `${result.resumedFrom ? `, resumed after ${result.resumedFrom}` : ''}` +
      `${result.notFound ? `; ${result.notFound} ids matched no subject (listed in not-found.txt)` : ''}; ` +
      `${result.total} in all; peak memory ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MiB\n`,
  );
}

if (require.main === module) runCli('export', main);
