/**
 * What a retention sweep costs, and that its SQL does not grow with the population (issue 10,
 * acceptance 7): for each policy, fresh databases of 200 and then 2000 subjects laid out seven
 * years and a month before the sweep's date, so that nearly every record is past its period;
 * a dry run, then the real sweep, each timed and its statements counted per subgraph.
 */
import { performance } from 'node:perf_hooks';
import { dayStart } from '../../common/calendar-date';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/config';
import { subtractDuration } from '../../common/duration';
import { POLICIES, type PrivacyPolicy } from '../../policies';
import { log, type Options } from './cli';
import { post } from './client';
import { benchDbConfig, startStack, teardown, type Stack } from './stack';

export const RETENTION_SIZES = [200, 2000] as const;
export const RETENTION_POLICIES: ReadonlyArray<PrivacyPolicy['id']> = ['ophelantyra', 'veloraqenvi'];
/** The sweep's date (not in the future: a real sweep as of a future date is refused). */
export const RETENTION_AS_OF = '2026-11-01';
/** The population's reference date: past the 7-year accounting period, the 5 years of complaints... */
export const RETENTION_SEED_AGE = 'P7Y1M';
export const RETENTION_SEED_NOW = subtractDuration(dayStart(RETENTION_AS_OF), RETENTION_SEED_AGE);

export interface SweepMeasure {
  /** From the mutation sent to its answer, every leg done. */
  ms: number;
  perSubgraph: Record<SubgraphName, number>;
  /** Rows the receipts say were deleted or anonymised (or would be, for the dry run). */
  changed: number;
}

export interface RetentionCase {
  policy: PrivacyPolicy['id'];
  subjects: number;
  dry: SweepMeasure;
  real: SweepMeasure;
}

interface Receipt {
  r: {
    status: string;
    legs: Array<{
      subgraph: string;
      status: string;
      retention: { rules: Array<{ deleted: number; anonymised: number }> };
    }>;
  };
}

const SWEEP =
  'mutation($asOf: String, $dryRun: Boolean) { r: runRetention(asOf: $asOf, dryRun: $dryRun) { status legs { subgraph status retention { rules { deleted anonymised } } } } }';

async function sweep(stack: Required<Stack>, dryRun: boolean): Promise<SweepMeasure> {
  for (const s of stack.servers) s.sql.reset();
  const started = performance.now();
  const res = await post<Receipt>(stack.dpo, SWEEP, { asOf: RETENTION_AS_OF, dryRun });
  const ms = performance.now() - started;
  // Counted before anything else runs: the counters are exact for this one request.
  const perSubgraph = Object.fromEntries(
    SUBGRAPH_NAMES.map((n) => [n, stack.servers.find((s) => s.name === n)?.sql.total ?? 0]),
  ) as Record<SubgraphName, number>;
  // Anything but COMPLETED would measure a leg left to the worker, whose statements are not counted.
  if (res.data.r.status !== 'COMPLETED')
    throw new Error(
      `sweep (dry run ${dryRun}) answered ${res.data.r.status}: ${res.data.r.legs.map((l) => `${l.subgraph} ${l.status}`).join(', ')}`,
    );
  const changed = res.data.r.legs
    .flatMap((l) => l.retention.rules)
    .reduce((n, rule) => n + rule.deleted + rule.anonymised, 0);
  return { ms, perSubgraph, changed };
}

/**
 * Each case on databases of its own, torn down before the next. `onStack` is told of the stack in
 * use, so that Ctrl-C tears it down too.
 */
export async function measureRetention(
  options: Options,
  onStack: (stack: Stack | undefined) => void,
): Promise<RetentionCase[]> {
  // The whole sweep inside the mutation, however long it takes: a leg left to the worker would
  // run outside the counted request. No scheduled sweep either.
  process.env.REQUESTS_CALL_TIMEOUT_MS ??= '600000';
  process.env.REQUESTS_SYNC_WAIT_MS ??= '600000';
  process.env.RETENTION_SCHEDULE ??= 'off';
  const cases: RetentionCase[] = [];
  for (const policy of RETENTION_POLICIES)
    for (const subjects of RETENTION_SIZES) {
      const stack: Stack = { cfg: benchDbConfig(options.db), servers: [] };
      onStack(stack);
      try {
        log(`retention: ${policy}, ${subjects} subjects laid out ${RETENTION_SEED_AGE} before ${RETENTION_AS_OF}...`);
        await startStack({ ...options, subjects }, stack, { now: RETENTION_SEED_NOW, policy: POLICIES[policy] });
        const running = stack as Required<Stack>;
        const dry = await sweep(running, true);
        const real = await sweep(running, false);
        cases.push({ policy, subjects, dry, real });
        log(
          `retention ${policy} ${subjects}: dry run ${dry.ms.toFixed(0)} ms, sweep ${real.ms.toFixed(0)} ms, ${real.changed} rows; statements ${SUBGRAPH_NAMES.map((n) => `${n} ${real.perSubgraph[n]}`).join(', ')}`,
        );
      } finally {
        await teardown(stack);
        onStack(undefined);
      }
    }
  return cases;
}

/** Same statements, per subgraph, for every size of one policy and kind of run. */
export function flatInSize(cases: readonly RetentionCase[], kind: 'dry' | 'real'): boolean {
  return RETENTION_POLICIES.every((policy) => {
    const mine = cases.filter((c) => c.policy === policy);
    return mine.every((c) => SUBGRAPH_NAMES.every((n) => c[kind].perSubgraph[n] === mine[0][kind].perSubgraph[n]));
  });
}
