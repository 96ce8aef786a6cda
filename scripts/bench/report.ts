/** docs/benchmarks.md: the figures of one run, the setup they were measured on, and how to read them. */
import os from 'node:os';
import { SUBGRAPH_NAMES } from '../../common/config';
import { FEATURED, MANY_CONNECTION_LOGS } from '../../common/demo/plan';
import { MAX_IDS } from '../../common/validation';
import type { AccessLogCost } from './access-log-cost';
import type { Options } from './cli';
import { ms, pct, plural, ratio, size } from './format';
import { BATCH_RUNS, BATCH_WARMUP, WARMUP, type Comparison, type StatementCase } from './measure';
import { BENCH_PREFIX } from './stack';
import { RIGHTS_OPERATIONS, RIGHTS_RUNS, type RightsOperation, type RightsResult } from './rights';
import { flatInSize, RETENTION_AS_OF, RETENTION_SEED_AGE, RETENTION_SIZES, type RetentionCase } from './retention';

export interface Report {
  options: Options;
  date: Date;
  durationS: number;
  dbVersion: string;
  loadBefore: number[];
  loadAfter: number[];
  single: Comparison;
  /** The same single export logged (export tooling) and not (the subject themself). */
  accessLog: AccessLogCost;
  batch: Comparison;
  batchSize: number;
  statements: StatementCase[];
  rights: RightsResult;
  retention: RetentionCase[];
}

/** The retention section sits between these, so `--only retention` can replace it alone. */
export const RETENTION_START = '<!-- retention:start -->';
export const RETENTION_END = '<!-- retention:end -->';

export function retentionSection(cases: readonly RetentionCase[], date: Date, command: string): string[] {
  const [small, large] = RETENTION_SIZES;
  const dryFlat = flatInSize(cases, 'dry');
  const realFlat = flatInSize(cases, 'real');
  const row = (c: RetentionCase, kind: 'dry' | 'real'): string => {
    const m = c[kind];
    return `| ${c.policy} | ${c.subjects} | ${kind === 'dry' ? 'dry run' : 'sweep'} | ${ms(m.ms)} | ${m.changed.toLocaleString('en-US')} | ${SUBGRAPH_NAMES.map((n) => m.perSubgraph[n]).join(' | ')} | ${SUBGRAPH_NAMES.reduce((t, n) => t + m.perSubgraph[n], 0)} |`;
  };
  return [
    RETENTION_START,
    '## 5. Retention sweeps',
    '',
    `For each policy, fresh databases of ${small} and then ${large} subjects of the demo population, laid out ${RETENTION_SEED_AGE.slice(1).replace('Y', ' years ').replace('M', ' month')} before ${RETENTION_AS_OF}, so that as of that date nearly every record is past its period (every invoice under ophelantyra's 7 years, every session of a subject inactive for six months, every connection log and support ticket under veloraqenvi; the retention showcase of every hundred subjects adds records on both sides of the longer periods and the ledger's own). As a DPO, \`runRetention(asOf: "${RETENTION_AS_OF}", dryRun: true)\`, then the real sweep, each answered once its five legs are done (one transaction per subgraph). Time is from the mutation sent to its answer; rows are what the receipts say was (or would be) deleted or anonymised (the dry run can say one audit row fewer: the newest row of the audit log is never pruned, and in these databases, all laid out long ago, it is the last seeded one until the real sweep writes its own); statements are counted by each subgraph's \`SqlCounter\` for that one request (transaction control not counted; \`requests\` includes the ledger's request, legs and audit rows, and its own records' rules; before a real sweep, what the account's life has due: under veloraqenvi every one of these long-inactive subjects is due an inactivity warning, a request with its mail each, all of them in the same sweep, 20 at a time and never capped (decision 162), which is most of that policy's \`requests\` statements and why they grow with the subjects). Measured ${date.toISOString()} with \`${command}\`.`,
    '',
    `| policy | subjects | run | time (ms) | rows | ${SUBGRAPH_NAMES.join(' | ')} | total |`,
    `|---|---:|---|---:|---:|${SUBGRAPH_NAMES.map(() => '---:|').join('')}---:|`,
    ...cases.flatMap((c) => [row(c, 'dry'), row(c, 'real')]),
    '',
    dryFlat && realFlat
      ? `**The same statements for ${small} and for ${large} subjects**, under each policy, for the dry run and for the sweep, while the rows changed grow with the population: each rule is a count and one bulk UPDATE or DELETE per table, whatever the number of records.`
      : `**The statements grow from ${small} to ${large} subjects** (${dryFlat ? 'sweep' : realFlat ? 'dry run' : 'both runs'}), by design: each rule goes through its table a window of at most \`RETENTION_CHUNK_ROWS\` rows at a time, each sized to last about \`RETENTION_CHUNK_MS\` (decision 328), a statement or two per window and a transaction per window that changed rows (decisions 260 and 268), so the statements grow with the rows and no one statement does: the scale section below shows the most rows one statement read staying the same from 2,000 to 200,000 subjects. Under veloraqenvi, each inactivity warning is also a request of its own, with its mail (decision 162).`,
    RETENTION_END,
    '',
  ];
}

function rightsSection(r: RightsResult): string[] {
  const ops = Object.keys(RIGHTS_OPERATIONS) as RightsOperation[];
  const [one, fifty] = r.erasureStatements;
  const flat = one && fifty && SUBGRAPH_NAMES.every((n) => one.perSubgraph[n] === fifty.perSubgraph[n]);
  return [
    '## 4. Rights requests',
    '',
    `As a DPO, one mutation at a time, each on its own generated subject (${RIGHTS_RUNS} subjects from the end of the population, each restricted, rectified, previewed, then erased). Each mutation checks the subject with profile, writes the request, its four legs and an audit row in one transaction, calls the privacy contract of the four data subgraphs (each in one transaction of its own), records each receipt with an audit row, and answers once every leg is done: every answer here is \`COMPLETED\`. A dry run writes only its audit row.`,
    '',
    '| mutation | p50 (ms) | p95 (ms) | mean (ms) | min (ms) | max (ms) |',
    '|---|---:|---:|---:|---:|---:|',
    ...ops.map((o) => {
      const l = r.latency[o];
      return `| \`${o}\` | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.mean)} | ${ms(l.min)} | ${ms(l.max)} |`;
    }),
    '',
    'SQL statements of one erasure (transaction control not counted; `requests` includes the profile check, the ledger and audit writes):',
    '',
    `| erasure of | ${SUBGRAPH_NAMES.join(' | ')} | total |`,
    `|---|${SUBGRAPH_NAMES.map(() => '---:|').join('')}---:|`,
    ...r.erasureStatements.map(
      (c) =>
        `| ${c.label} | ${SUBGRAPH_NAMES.map((n) => c.perSubgraph[n]).join(' | ')} | ${SUBGRAPH_NAMES.reduce((t, n) => t + c.perSubgraph[n], 0)} |`,
    ),
    '',
    flat
      ? '**The same for 1 record per collection and for 50**: each subgraph deletes, anonymises or lists what it keeps with one statement per table, whatever the number of records.'
      : '**The counts differ**: some statement runs per record. See the table above.',
    '',
  ];
}

function latencyTable(c: Comparison): string[] {
  return [
    '| | p50 (ms) | p95 (ms) | mean (ms) | min (ms) | max (ms) |',
    '|---|---:|---:|---:|---:|---:|',
    `| through the gateway | ${ms(c.gateway.p50)} | ${ms(c.gateway.p95)} | ${ms(c.gateway.mean)} | ${ms(c.gateway.min)} | ${ms(c.gateway.max)} |`,
    `| baseline (direct SQL) | ${ms(c.baseline.p50)} | ${ms(c.baseline.p95)} | ${ms(c.baseline.mean)} | ${ms(c.baseline.min)} | ${ms(c.baseline.max)} |`,
    `| **ratio gateway / baseline** | **${ratio(c.gateway.p50, c.baseline.p50)}** | **${ratio(c.gateway.p95, c.baseline.p95)}** | ${ratio(c.gateway.mean, c.baseline.mean)} | | |`,
    '',
    `CPU time of this Node process per request (mean): ${ms(c.gatewayCpu.mean)} ms through the gateway (${pct(c.gatewayCpu.mean, c.gateway.mean)} of its mean wall time), ${ms(c.baselineCpu.mean)} ms for the baseline (${pct(c.baselineCpu.mean, c.baseline.mean)}). It can exceed 100 %: garbage collection and I/O threads run beside the main thread.`,
  ];
}

export function renderReport(r: Report): string {
  const { options } = r;
  const cpus = os.cpus();
  const same = r.statements.every((c) =>
    SUBGRAPH_NAMES.every((n) => c.perSubgraph[n] / c.calls === r.statements[0].perSubgraph[n]),
  );
  const first = r.statements[0].perSubgraph;
  const firstTotal = SUBGRAPH_NAMES.reduce((n, s) => n + first[s], 0);
  // DataLoader splits a batch at MAX_BATCH keys (common/loaders.ts): a loader keyed by records
  // (a rights request's legs) repeats its statement once per thousand of them. More than that
  // would be a statement per record or per subject.
  const perThousand = r.statements.every(
    (c) =>
      SUBGRAPH_NAMES.reduce((n, s) => n + c.perSubgraph[s], 0) / c.calls - firstTotal <=
      Math.ceil(c.records / c.calls / 1000),
  );
  const overhead = r.single.gateway.p50 - r.single.baseline.p50;
  // Share of the wall time this process spent on the CPU: says whether the overhead is work or waiting.
  const busy = r.single.gatewayCpu.mean / r.single.gateway.mean;
  const calls = Math.ceil(r.batchSize / MAX_IDS);
  return [
    '# Benchmarks',
    '',
    '<!-- Generated by scripts/bench/main.ts (`npm run bench`). Do not edit by hand: rerun it. -->',
    '',
    'What a subject export costs through the federation, compared with the cheapest way to read the same rows; what the rights mutations (restriction, rectification, erasure) cost end to end; and what a retention sweep costs for 200 and for 2000 subjects. Sections 1 to 5 run the services in one Node process. The sections after them are measured by commands of their own and kept by a full run: the bulk export (`npm run bench:bulk`), the worker (`npm run bench:worker`), and **throughput** (`npm run bench -- --only throughput`): each service its own process on MariaDB, exports per second at concurrency 1, 10 and 50 through our gateway and through Hive Gateway (JavaScript and Rust planners) over the same subgraphs, CPU per export per process, and the rights mutations under load; and **scale** (`npm run bench:scale`): one export against the records it carries (1 to 10,000 connection logs) and a retention sweep against the population (2,000, 20,000 and 200,000 subjects), with the longest single statement of each sweep.',
    '',
    `- **Through the gateway**: the real stack in one Node process: the five subgraphs (profile, sessions, billing, support, requests), each on its own ${options.db === 'mysql' ? 'MySQL/MariaDB database' : 'SQLite file'}, and the gateway in front, all in production mode and all over real HTTP on loopback, as \`test/helpers/stack.ts\` wires them. A client POSTs the export query (\`exportQuery()\` from \`schema/supergraph.ts\`: every public field of \`DataSubject\`) and the clock stops when the whole response body has arrived.`,
    `- **Baseline**: the same process reads the same rows with ${options.db === 'mysql' ? '`mysql2/promise` (one pool per database)' : '`better-sqlite3` (one connection per file)'} and no GraphQL or HTTP at all: the SELECTs the subgraph stores run (subject, professional context, financial situation, consent events, sponsorship, preferences, the 7 sessions collections, the 4 billing collections, tickets then the messages of those tickets), every independent one at the same time, assembled into one JSON object per subject (documents in base64, as the API sends them) and serialised with \`JSON.stringify\`. Before measuring, the script checks that both read the same number of records in every collection.`,
    `- The demo population (\`common/demo/plan.ts\`) of ${options.subjects} subjects is seeded into fresh bench databases${options.db === 'mysql' ? ` (\`${BENCH_PREFIX}_*\`, dropped at the end)` : ' (a temporary folder, removed at the end)'}. Exports cycle over generated subjects (index ${FEATURED.length} and up: up to 5 records per collection), so no single subject is measured twice in a row.`,
    `- Each measurement is preceded by a warm-up (${WARMUP} single exports, ${BATCH_WARMUP} bulk exports, each way) so that connection pools, the gateway's query plan cache and the JIT are warm. Gateway and baseline requests are interleaved (alternating which goes first) and run one at a time, so other load on the machine hits both alike. Percentiles are nearest-rank.`,
    '',
    '## Setup',
    '',
    '| | |',
    '|---|---|',
    `| date | ${r.date.toISOString()} |`,
    `| command | \`${options.command}\` |`,
    `| subjects seeded | ${options.subjects} |`,
    `| runs | ${options.runs} single exports, ${BATCH_RUNS} bulk exports |`,
    `| CPU | ${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length} |`,
    `| memory | ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB |`,
    `| OS | ${os.type()} ${os.release()} ${os.arch()} |`,
    `| Node | ${process.version} |`,
    `| database | ${r.dbVersion} |`,
    `| load average (1 min) before / after | ${r.loadBefore[0].toFixed(2)} / ${r.loadAfter[0].toFixed(2)} (the build that \`npm run bench\` runs first and the run itself count in both) |`,
    `| whole run (seeding included) | ${(r.durationS / 60).toFixed(1)} min |`,
    '',
    "## 1. One subject's full export",
    '',
    `\`query SubjectExport($id: ID!) { subject(id: $id) { …everything… } }\`, ${options.runs} runs, one request at a time.`,
    '',
    ...latencyTable(r.single),
    '',
    `Response size of one export: median ${size(r.single.gatewayBytes.p50)}, largest ${size(r.single.gatewayBytes.max)} through the gateway; the baseline's JSON (database column names, consent events not folded per purpose): median ${size(r.single.baselineBytes.p50)}.`,
    '',
    `## 2. \`subjects(ids:)\` for ${r.batchSize} subjects`,
    '',
    `The same selection under \`subjects(ids: $ids)\`. The API takes at most ${MAX_IDS} ids per call, so one bulk export is **${plural(calls, 'call')} of up to ${MAX_IDS} ids${calls > 1 ? ', sent concurrently' : ''}**; the clock stops when the last response has arrived. A different window of ${r.batchSize} generated subjects each run, ${BATCH_RUNS} runs. The baseline reads the same ${r.batchSize} subjects with one \`IN (…)\` query per table (${r.batchSize} ids each, the messages by subject through their tickets, as the support store reads them).`,
    '',
    ...latencyTable(r.batch),
    '',
    `Response size: median ${size(r.batch.gatewayBytes.p50)} through the gateway (all calls together), ${size(r.batch.baselineBytes.p50)} for the baseline. Per subject: ${ms(r.batch.gateway.p50 / r.batchSize)} ms through the gateway, ${ms(r.batch.baseline.p50 / r.batchSize)} ms baseline (p50 / ${r.batchSize}).`,
    '',
    '## 3. SQL statements per export',
    '',
    "Counted by each subgraph's `SqlCounter` (reset before the request; transaction control not counted). Per call to the gateway:",
    '',
    `| export | records | ${SUBGRAPH_NAMES.join(' | ')} | total | baseline read the same records |`,
    `|---|---:|${SUBGRAPH_NAMES.map(() => '---:|').join('')}---:|---|`,
    ...r.statements.map((c) => {
      const per = SUBGRAPH_NAMES.map((n) => c.perSubgraph[n] / c.calls);
      const note =
        c.calls > 1
          ? ` (all ${c.calls} calls together: ${SUBGRAPH_NAMES.map((n) => c.perSubgraph[n]).join(' / ')})`
          : '';
      return `| ${c.label}${note} | ${c.records.toLocaleString('en-US')} | ${per.join(' | ')} | ${per.reduce((a, b) => a + b, 0)} | ${c.sameRows ? 'yes' : '**no**'} |`;
    }),
    '',
    same
      ? `**The same for every case**: ${firstTotal} statements per call (${SUBGRAPH_NAMES.map((n) => `${n} ${first[n]}`).join(', ')}), one per collection, whether the export holds 1 record per collection, 50, ${MANY_CONNECTION_LOGS} connection logs or ${r.batchSize} subjects: DataLoader batches every key of a request into one \`IN (…)\` statement. The baseline runs the same SELECTs. The statements of \`requests\` are the subject's rights requests (one SELECT, and one for their legs when there are any) and the INSERT that records the read in the access log (the bench calls as a \`service\` caller, whose reads are logged), one row per subject, in one statement for up to 500.`
      : perThousand
        ? `**The counts differ between cases, by no more than one per thousand records of a call**: DataLoader batches the keys of a request into one \`IN (…)\` statement of at most 1000 keys (common/loaders.ts), so a loader keyed by records (a rights request's legs; an invoice's corrections and a ticket's messages are read by subject, decision 347) repeats its statement once a call holds more than a thousand of them; no statement is issued per record or per subject. See the table above.`
        : '**The counts differ between cases**: some statement is issued per record or per subject. See the table above.',
    '',
    ...rightsSection(r.rights),
    ...retentionSection(r.retention, r.date, options.command),
    '## Reading the numbers',
    '',
    `The ratio says how many times longer an export takes through the federation than reading the same rows directly and serialising them once: ${ratio(r.single.gateway.p50, r.single.baseline.p50)} at p50 for one subject (about ${ms(overhead)} ms more per export) and ${ratio(r.batch.gateway.p50, r.batch.baseline.p50)} for ${r.batchSize} subjects. The SQL is the same on both sides (same statements, same rows), so the difference is the federation itself, ${busy >= 0.5 ? 'and it is mostly JavaScript at work rather than waiting' : 'though much of it is waiting rather than JavaScript at work'}: a single export through the gateway cost this process ${ms(r.single.gatewayCpu.mean)} ms of CPU time for ${ms(r.single.gateway.mean)} ms of wall time (means), against ${ms(r.single.baselineCpu.mean)} ms of CPU for the baseline. Where it goes:`,
    '',
    "- **HTTP hops**: the client calls the gateway, the gateway calls profile (`subject`/`subjects`), then sessions, billing, support and requests in parallel with `_entities` for the ids profile returned. That is two sequential subgraph round trips per export, each with its own request parsing, body serialisation and response parsing. Within a subgraph the reads of an export go out together: what hangs under a record (a ticket's messages, an invoice's corrections) is read by subject with its parents, and `profile` reads the subject's fields with its row (decision 347); only `requests` reads the legs of a subject's rights requests after the requests, when there are any.",
    "- **GraphQL execution**: the gateway and each subgraph parse and validate their operation (once per distinct text: both keep the parsed document); each subgraph runs its operation compiled to JavaScript (graphql-jit, from the second time a text comes: decision 341) and calls a resolver for the fields that have one; the gateway then merges the four responses, shapes them to the client's query (by a shaping compiled once per operation: decision 350) and serialises the result again. This is per-field work, so it grows with the number of records. Query planning itself is paid once per distinct query: after the warm-up the plan comes from the gateway's cache.",
    '- **JSON**: every record is serialised by its subgraph, parsed by the gateway, serialised again and parsed by the client; the baseline serialises once.',
    `- **Access control**: the gateway verifies the caller's token and signs an internal token for each subgraph it calls, which each subgraph verifies (HS256: about 0.04 ms each), and each subgraph checks the role rule on every \`DataSubject\` field it serves. Before answering, the gateway writes the read to the access log (one HTTP call to \`requests\`, one INSERT committed there). Measured in this run (${r.options.runs} exports of 50 subjects each way, interleaved): the export by export tooling, logged, took ${ms(r.accessLog.logged.p50)} ms at p50 (p95 ${ms(r.accessLog.logged.p95)}), the same export by the subject themself, whose own reads are not logged, ${ms(r.accessLog.unlogged.p50)} ms (p95 ${ms(r.accessLog.unlogged.p95)}): the log's share of a single export is about ${ms(Math.max(0, r.accessLog.logged.p50 - r.accessLog.unlogged.p50))} ms.`,
    `- **One process**: here the client, the gateway, the five subgraphs and the baseline share one Node event loop on ${cpus.length} core${cpus.length > 1 ? 's' : ''}, so the subgraphs' parallel work is not really parallel in JavaScript. In production each service is its own process (docker-compose.yml), which adds network latency between them but lets them use separate cores.`,
    '',
    'The figures are for this machine and this data; compare runs made with the same command on the same machine. Absolute times move between runs with whatever else the machine (or its host) is doing, for both sides at once since they are interleaved: the ratios are the steadier figure.',
    '',
  ].join('\n');
}
