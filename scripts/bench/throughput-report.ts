/** The throughput section of docs/benchmarks.md: the figures of one run, its setup, and how to read them. */
import os from 'node:os';
import { SUBGRAPH_NAMES } from '../../common/config';
import { FEATURED, MANY_CONNECTION_LOGS } from '../../common/demo/plan';
import { MAX_IDS } from '../../common/validation';
import { ms } from './format';
import { CLIENT } from './load';
import { RIGHTS_CONCURRENCY, type RightsLoad } from './throughput-rights';
import { CONCURRENCY, EXPORT_POOL_END, ROUNDS, WARMUP_EXPORTS, type Cell } from './throughput';
import { THROUGHPUT_PREFIX, type GatewayName } from './throughput-stack';

export interface ThroughputReport {
  date: Date;
  command: string;
  subjects: number;
  cellSeconds: number;
  durationS: number;
  dbVersion: string;
  loadBefore: number[];
  loadAfter: number[];
  versions: Record<string, string>;
  identical: { exports: number; batchIds: number; bytes: number };
  exports: Cell[];
  batch: Cell[];
  erasures: RightsLoad;
  mixed: RightsLoad;
}

export const GATEWAY_LABELS: Record<GatewayName, string> = {
  ours: 'ours (`dist/gateway/main.js`)',
  'hive-js': 'Hive Gateway, JavaScript planner',
  'hive-rust': 'Hive Gateway, Rust planner (router-runtime)',
};

const PROCESS_COLUMNS = ['gateway', ...SUBGRAPH_NAMES] as const;

/** CPU ms per request of one process during a cell (`gateway`: the gateway under test). */
function cpuPer(c: Cell, column: string): number {
  // Our gateway's process is `gateway`; a peer's is named after it.
  const name = column !== 'gateway' ? column : c.gateway === 'ours' ? 'gateway' : c.gateway;
  return (c.window.cpu[name] ?? 0) / Math.max(1, c.window.count);
}

function exportRows(cells: readonly Cell[]): string[] {
  const ours = (concurrency: number) => cells.find((c) => c.gateway === 'ours' && c.concurrency === concurrency);
  return cells.map((c) => {
    const base = ours(c.concurrency);
    const rel = base && c.gateway !== 'ours' ? ` (${(c.perSecond / base.perSecond).toFixed(2)}× ours)` : '';
    return `| ${c.concurrency} | ${GATEWAY_LABELS[c.gateway]} | **${c.perSecond.toFixed(1)}**${rel} | ${ms(c.latency.p50)} | ${ms(c.latency.p95)} | ${c.window.count} |`;
  });
}

function cpuTable(first: string, cells: readonly Cell[], row: (c: Cell) => string): string[] {
  return [
    `| ${first} | gateway | ${PROCESS_COLUMNS.join(' | ')} | all services | ${CLIENT} |`,
    `|---|---|${PROCESS_COLUMNS.map(() => '---:|').join('')}---:|---:|`,
    ...cells.map((c) => {
      const per = PROCESS_COLUMNS.map((p) => cpuPer(c, p));
      const total = per.reduce((a, b) => a + b, 0);
      return `| ${row(c)} | ${GATEWAY_LABELS[c.gateway]} | ${per.map(ms).join(' | ')} | **${ms(total)}** | ${ms(cpuPer(c, CLIENT))} |`;
    }),
  ];
}

function rightsRow(label: string, r: RightsLoad): string {
  const deadlocks = Object.entries(r.deadlocks).filter(([, n]) => n > 0);
  const statuses = Object.entries(r.statuses)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return `| ${label} | ${r.perSecond.toFixed(1)} | ${ms(r.latency.p50)} | ${ms(r.latency.p95)} | ${r.window.count} | ${r.window.errors} | ${statuses || '–'} | ${deadlocks.length > 0 ? deadlocks.map(([p, n]) => `${p} ${n}`).join(', ') : '0'} | ${r.innodbDeadlocks} |`;
}

function setupLines(r: ThroughputReport): string[] {
  const cpus = os.cpus();
  const versions = Object.entries(r.versions)
    .map(([n, v]) => `\`${n}@${v}\``)
    .join(', ');
  return [
    '| | |',
    '|---|---|',
    `| date | ${r.date.toISOString()} |`,
    `| command | \`${r.command}\` |`,
    `| subjects seeded | ${r.subjects} |`,
    `| measured time per cell | ${r.cellSeconds} s per gateway, in ${ROUNDS} rounds |`,
    `| CPU | ${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length} (everything below shares them: MariaDB, eight Node processes, the load's client) |`,
    `| Node | ${process.version} |`,
    `| database | ${r.dbVersion} |`,
    `| peers (bench/peers/package.json) | ${versions} |`,
    `| load average (1 min) before / after | ${r.loadBefore[0].toFixed(2)} / ${r.loadAfter[0].toFixed(2)} |`,
    `| whole run (seeding included) | ${(r.durationS / 60).toFixed(1)} min |`,
  ];
}

/** Figures read off the tables at the highest concurrency: where ours spends more, and the machine's ceiling. */
function readingLines(r: ThroughputReport): string[] {
  const top = Math.max(...r.exports.map((c) => c.concurrency));
  const at = (g: GatewayName) => r.exports.find((c) => c.gateway === g && c.concurrency === top);
  const [ours, js, rust] = [at('ours'), at('hive-js'), at('hive-rust')];
  if (!ours || !js || !rust) return [];
  const all = (c: Cell) => PROCESS_COLUMNS.reduce((t, p) => t + cpuPer(c, p), 0) + cpuPer(c, CLIENT);
  const cores = os.cpus().length;
  return [
    `**Reading it** (concurrency ${top}; docs/scaling.md says more). Our gateway process used ${ms(cpuPer(ours, 'gateway'))} ms of CPU per export, Hive's ${ms(cpuPer(js, 'gateway'))} ms with the JavaScript planner and ${ms(cpuPer(rust, 'gateway'))} ms with the Rust one; \`requests\` used ${ms(cpuPer(ours, 'requests'))} ms per export behind ours against ${ms(cpuPer(js, 'requests'))} and ${ms(cpuPer(rust, 'requests'))} behind the peers (the access log is written for ours only). All processes together, the client included: ${ms(all(ours))}, ${ms(all(js))} and ${ms(all(rust))} ms per export, so ${cores} cores could answer at most ${((cores * 1000) / all(ours)).toFixed(0)}, ${((cores * 1000) / all(js)).toFixed(0)} and ${((cores * 1000) / all(rust)).toFixed(0)} exports per second; measured ${ours.perSecond.toFixed(1)}, ${js.perSecond.toFixed(1)} and ${rust.perSecond.toFixed(1)}: the rest of the cores went to MariaDB and to whatever else ran on the machine (load average ${r.loadBefore[0].toFixed(1)} before, ${r.loadAfter[0].toFixed(1)} after).`,
    '',
  ];
}

export function throughputSection(r: ThroughputReport): string[] {
  const mixedKinds = Object.entries(r.mixed.kinds)
    .map(([k, n]) => `${n} ${k === 'export' ? 'exports' : k === 'rectify' ? 'rectifications' : 'erasures'}`)
    .join(', ');
  return [
    '<!-- throughput:start -->',
    '## Throughput: each service its own process, with Hive Gateway as peers',
    '',
    `Measured by \`npm run bench -- --only throughput\` alone (the full bench keeps this section as it is). Unlike the sections above, **every service is its own operating-system process**, started as production starts it: \`node dist/subgraphs/<name>/main.js\` for the five subgraphs and \`node dist/gateway/main.js\`, \`NODE_ENV=production\`, configured by the environment only, on MariaDB databases of their own (\`${THROUGHPUT_PREFIX}_*\`, dropped at the end), each subgraph seeding the demo population of ${r.subjects} subjects on its first start. The per-caller rate limits are raised (\`LIMIT_REQUESTS_PER_MINUTE\`, \`LIMIT_EXPORTS_PER_MINUTE\`): they would only measure themselves.`,
    '',
    `**Peers.** Hive Gateway (\`@graphql-hive/gateway\`), once with its JavaScript query planner and once with the Rust query planner of \`@graphql-hive/router-runtime\` (\`--hive-router-runtime\`), each its own process with its defaults (one worker), serving the committed \`schema/supergraph.graphql\` (subgraph URLs pointed at the same processes) over **the same five subgraph processes**. They are installed for the benchmark only, into \`bench/peers\` (pinned, own lockfile; \`npm ci\` on first use). Our subgraphs answer only a call carrying an internal token addressed to them, which our gateway mints per request after verifying the caller's token; the peers cannot, so the bench mints one token per subgraph for its run, with the same identity our gateway gives the bench's \`service\` caller, and each peer sends it on every call to that subgraph (Hive's \`propagateHeaders\`, \`bench/peers/gateway.mjs\`). The subgraphs verify it as they verify ours.`,
    '',
    `**What the peers do not do that ours does**, per export: verify the caller's token (HS256), mint an internal token per subgraph, apply the query limits (depth, aliases, tokens, directives, cost, body size) and the rate limiter, and **write the read to the access log** (one more HTTP call, to \`requests\`, and one INSERT committed there before the answer is sent: section 1 measures its share of a single export; under concurrency the exports answered while a write is in flight share the next one, decision 300). The subgraphs' work is the same for all three (same token checks, same role rules, same SQL, the same read reports in \`extensions\`, which only ours collects). So the peers' figures bound from above what our gateway could reach without those duties; the gap is not all planner and executor.`,
    '',
    `**Same data first.** Before measuring, ${r.identical.exports} exports (\`exportQuery()\`: the featured subjects with 1 record per collection, 50, and ${MANY_CONNECTION_LOGS} connection logs, and two generated ones) and one \`subjects(ids:)\` of ${r.identical.batchIds} ids go through each gateway; their \`data\`, keys sorted, must be byte-identical to ours (${r.identical.bytes.toLocaleString('en-US')} bytes of JSON in all), or the bench stops.`,
    '',
    `**How.** A closed loop: N clients in this process, each sending the next request as soon as its last was answered; exports cycle over the generated subjects ${FEATURED.length} to ${EXPORT_POOL_END - 1}, each gateway through the same subjects in the same order, after a warm-up of ${WARMUP_EXPORTS} exports and two \`subjects(ids:)\` calls each. Each cell (gateway × concurrency) is ${r.cellSeconds} s cut into ${ROUNDS} rounds; in each round the three gateways take turns, a different one first each round, so load drifting on the machine hits all three alike. Latency is from request sent to whole body received; percentiles are nearest-rank. Any failed export stops the bench. CPU time is each process's user + system time from \`/proc/<pid>/stat\` before and after each window, divided by the requests answered in it.`,
    '',
    ...setupLines(r),
    '',
    `### Exports per second (\`subject(id:)\`, every public field), concurrency ${CONCURRENCY.join(', ')}`,
    '',
    '| concurrency | gateway | exports / s | p50 (ms) | p95 (ms) | exports |',
    '|---:|---|---:|---:|---:|---:|',
    ...exportRows(r.exports),
    '',
    `### \`subjects(ids:)\` of ${MAX_IDS} ids, one call at a time`,
    '',
    '| gateway | calls / s | subjects / s | p50 (ms) | p95 (ms) | calls |',
    '|---|---:|---:|---:|---:|---:|',
    ...r.batch.map(
      (c) =>
        `| ${GATEWAY_LABELS[c.gateway]} | ${c.perSecond.toFixed(2)} | **${(c.perSecond * MAX_IDS).toFixed(0)}** | ${ms(c.latency.p50)} | ${ms(c.latency.p95)} | ${c.window.count} |`,
    ),
    '',
    '### Where the time goes: CPU ms per export, per process',
    '',
    `The gateway column is the gateway under test (the other two are idle meanwhile); ${CLIENT} is this process (sending the requests, reading the answers). CPU ms per export:`,
    '',
    ...cpuTable('concurrency', r.exports, (c) => String(c.concurrency)),
    '',
    `CPU ms per \`subjects(ids:)\` call of ${MAX_IDS} ids:`,
    '',
    ...cpuTable('calls', r.batch, (c) => String(c.window.count)),
    '',
    ...readingLines(r),
    `### Rights under load, ours only (${RIGHTS_CONCURRENCY} clients, ${r.cellSeconds} s each)`,
    '',
    `As a DPO. **Erasures**: each of a distinct generated subject (from ${EXPORT_POOL_END} up). **Mixed**: one client request in three each: an export (as \`service\`), a rectification (name and phone) of a subject of the export pool, an erasure of a distinct subject of its own (${mixedKinds}). An error is a GraphQL error or a failed call; a mutation answers \`COMPLETED\`, or \`IN_PROGRESS\` when a leg outlived the mutation's wait (\`REQUESTS_SYNC_WAIT_MS\`) and the ledger's worker finishes it. Deadlocks, two ways: lines of every process's log naming a deadlock (\`ER_LOCK_DEADLOCK\`) written during the load, which only a deadlock that outlived its retries leaves (a store's write transaction that InnoDB rolls back as a deadlock victim runs again after a short random pause, up to 6 times, silently: \`common/mutex.ts\`); and the server's \`Innodb_deadlocks\` counter over the load, which counts every one, retried or not, but server-wide (other work on the same MariaDB counts too).`,
    '',
    '| load | answered / s | p50 (ms) | p95 (ms) | answered | errors | statuses | deadlock log lines | InnoDB deadlocks |',
    '|---|---:|---:|---:|---:|---:|---|---|---:|',
    rightsRow('erasures', r.erasures),
    rightsRow('mixed', r.mixed),
    '',
    `How to read these figures: docs/scaling.md, "Reading the throughput section". Everything shares ${os.cpus().length} cores here, so a figure is a comparison between the three gateways on the same machine in the same run, not a capacity.`,
    '<!-- throughput:end -->',
  ];
}
