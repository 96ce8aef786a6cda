/**
 * What the rights mutations cost: each one records a request in the ledger, calls the privacy
 * contract of the four data subgraphs and answers when they are done. Run last: erasures
 * destroy the data the exports read.
 */
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/config';
import { FEATURED_INDEX } from '../../common/demo/plan';
import { demoId } from '../../common/demo/random';
import { log, type Options } from './cli';
import { post, type GatewayTarget } from './client';
import { stats, type Stats } from './measure';
import type { Stack } from './stack';

/** Subjects taken from the end of the population, one per run. */
export const RIGHTS_RUNS = 50;

export const RIGHTS_OPERATIONS = {
  restrict:
    'mutation($id: ID!) { r: restrictProcessing(input: { subjectId: $id, scope: RESEARCH, reason: "bench", identityVerification: { method: IDENTITY_DOCUMENT, evidenceRef: "bench" } }) { status } }',
  rectify:
    'mutation($id: ID!) { r: rectifySubject(input: { subjectId: $id, changes: { fullName: "Bench Renamed", phone: "+33 1 00 00 00 00" }, identityVerification: { method: IDENTITY_DOCUMENT, evidenceRef: "bench" } }) { status } }',
  'erase (dry run)': 'mutation($id: ID!) { r: eraseSubject(input: { subjectId: $id, dryRun: true }) { status } }',
  erase:
    'mutation($id: ID!) { r: eraseSubject(input: { subjectId: $id, reason: "bench", identityVerification: { method: IDENTITY_DOCUMENT, evidenceRef: "bench" } }) { status } }',
} as const;
export type RightsOperation = keyof typeof RIGHTS_OPERATIONS;

export interface RightsResult {
  latency: Record<RightsOperation, Stats>;
  /** Statements per subgraph of one erasure: a subject with 1 record per collection, and one with 50. */
  erasureStatements: Array<{ label: string; perSubgraph: Record<SubgraphName, number> }>;
}

async function run(dpo: GatewayTarget, operation: RightsOperation, id: string): Promise<number> {
  const r = await post<{ r: { status: string } }>(dpo, RIGHTS_OPERATIONS[operation], { id });
  // Every subgraph is up: anything but COMPLETED is a failure, not a fast answer.
  if (r.data.r.status !== 'COMPLETED') throw new Error(`${operation} of ${id} answered ${r.data.r.status}`);
  return r.ms;
}

export async function measureRights(stack: Required<Stack>, options: Options): Promise<RightsResult> {
  const samples = Object.fromEntries(Object.keys(RIGHTS_OPERATIONS).map((k) => [k, [] as number[]])) as Record<
    RightsOperation,
    number[]
  >;
  const operations = Object.keys(RIGHTS_OPERATIONS) as RightsOperation[];
  for (let i = 0; i < RIGHTS_RUNS; i += 1) {
    const id = demoId('subject', options.subjects - 1 - i);
    // One subject through all four, in this order: the erasure comes last.
    for (const operation of operations) samples[operation].push(await run(stack.dpo, operation, id));
    if ((i + 1) % 10 === 0) log(`measuring rights mutations: ${i + 1}/${RIGHTS_RUNS}`);
  }
  const erasureStatements: RightsResult['erasureStatements'] = [];
  for (const [label, index] of [
    [`subject ${FEATURED_INDEX.oneEach}: 1 record per collection`, FEATURED_INDEX.oneEach],
    [`subject ${FEATURED_INDEX.fiftyEach}: 50 records per collection`, FEATURED_INDEX.fiftyEach],
  ] as const) {
    for (const s of stack.servers) s.sql.reset();
    await run(stack.dpo, 'erase', demoId('subject', index));
    erasureStatements.push({
      label,
      perSubgraph: Object.fromEntries(
        SUBGRAPH_NAMES.map((n) => [n, stack.servers.find((s) => s.name === n)?.sql.total ?? 0]),
      ) as Record<SubgraphName, number>,
    });
  }
  return {
    latency: Object.fromEntries(operations.map((o) => [o, stats(samples[o])])) as Record<RightsOperation, Stats>,
    erasureStatements,
  };
}
