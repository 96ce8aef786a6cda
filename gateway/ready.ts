/**
 * What the gateway's `/ready` requires. By default every subgraph's own `/ready`: a gateway
 * sent traffic while a subgraph's database is gone answers that part of every query with
 * SUBGRAPH_UNAVAILABLE, and an export is never partial (decision 98), so it is better taken out.
 * But every replica of the gateway sees the same subgraphs: when one subgraph goes, all of them
 * say "not ready" at once, and a load balancer that trusts that sends nothing anywhere, even the
 * queries the other subgraphs could answer and the rights requests the ledger would queue. An
 * operator who prefers partial service names the subgraphs that matter (or `none`):
 * GATEWAY_READY_SUBGRAPHS=all | none | profile,requests,...
 */
import type { ReadinessCheck } from '../common/readiness';
import { dependencyChecks, subgraphReadyCheck } from '../common/readiness-checks';

export function readySubgraphsFromEnv(known: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.GATEWAY_READY_SUBGRAPHS?.trim() ?? '';
  if (raw === '' || raw === 'all') return [...known];
  if (raw === 'none') return [];
  const names = raw.split(',').map((n) => n.trim());
  for (const name of names)
    if (!known.includes(name))
      throw new Error(
        `GATEWAY_READY_SUBGRAPHS must be all, none, or names among ${known.join(', ')}; "${name}" is not one`,
      );
  return names;
}

/** The checks behind the gateway's `/ready`: the required subgraphs' `/ready`, and Redis when configured. */
export function gatewayReadinessChecks(required: readonly string[], urlOf: (name: string) => string): ReadinessCheck[] {
  return [...required.map((name) => subgraphReadyCheck(name, () => urlOf(name))), ...dependencyChecks()];
}
