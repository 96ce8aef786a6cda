import { ContractError } from './contract.client';

/** One subgraph's answer to a dry run: its receipt, or why it gave none. */
export interface DryRunLeg<S extends string, R> {
  subgraph: S;
  receipt: R | null;
  error: string | null;
}

/**
 * Asks every subgraph of a dry run at once. A dry run is a preview written nowhere but the audit
 * log, so a subgraph that fails does not fail the others: its leg says why, in the contract's
 * words (never an unexpected error's own message, which could carry anything).
 */
export function askEveryLeg<S extends string, R>(
  subgraphs: readonly S[],
  ask: (subgraph: S) => Promise<R>,
): Promise<Array<DryRunLeg<S, R>>> {
  return Promise.all(
    subgraphs.map(async (subgraph) => {
      try {
        return { subgraph, receipt: await ask(subgraph), error: null };
      } catch (error) {
        const reason = error instanceof ContractError ? error.message : 'the call failed unexpectedly';
        return { subgraph, receipt: null, error: reason };
      }
    }),
  );
}

/** What the audit row of a dry run says of its legs: each subgraph, marked where it failed. */
export function auditedLegs(legs: ReadonlyArray<DryRunLeg<string, unknown>>): string[] {
  return legs.map((l) => (l.receipt ? l.subgraph : `${l.subgraph}:failed`));
}
