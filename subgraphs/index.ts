import type { AccessContext } from '../common/subgraph-guard';
import type { SubgraphName } from '../common/config';
import type { SubgraphDefinition } from '../common/subgraph-server';
import { billingSubgraph } from './billing/billing.subgraph';
import { profileSubgraph } from './profile/profile.subgraph';
import { requestsSubgraph } from './requests/requests.subgraph';
import { sessionsSubgraph } from './sessions/sessions.subgraph';
import { supportSubgraph } from './support/support.subgraph';

/**
 * Every data subgraph, in port order. The launcher, compose script and tests iterate this.
 * Each definition is typed by its own context (ProfileContext...), which appears both as an input
 * and an output of the definition, so none is assignable to another: the registry holds them at
 * AccessContext, and only common/subgraph-server.ts, which pairs createContext with the resolvers
 * of the same definition, ever uses the context.
 */
export const SUBGRAPHS: Record<SubgraphName, SubgraphDefinition<AccessContext>> = {
  profile: profileSubgraph as unknown as SubgraphDefinition<AccessContext>,
  sessions: sessionsSubgraph as unknown as SubgraphDefinition<AccessContext>,
  billing: billingSubgraph as unknown as SubgraphDefinition<AccessContext>,
  support: supportSubgraph as unknown as SubgraphDefinition<AccessContext>,
  requests: requestsSubgraph as unknown as SubgraphDefinition<AccessContext>,
};
