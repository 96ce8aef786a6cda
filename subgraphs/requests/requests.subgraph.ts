import type { SubgraphDefinition } from '../../common/subgraph-server';
import { accessLogRoutes } from './access-log.route';
import { AccessLogResolver } from './access-log.resolver';
import { AccessLogEntity } from './entities/access-log.entity';
import { RequestsInit1763750000000 } from './migrations/1763750000000-requests-init';
import { createRequestsLoaders, type RequestsContext } from './requests.loaders';
import { seedRequests } from './requests.seed';
import { RequestsStore } from './requests.store';

/**
 * The compliance records: the access log of staff reads now, the rights-request ledger next
 * (issue 4). Its own database, like every subgraph.
 */
export const requestsSubgraph: SubgraphDefinition<RequestsContext> = {
  name: 'requests',
  entities: [AccessLogEntity],
  migrations: [RequestsInit1763750000000],
  resolvers: [AccessLogResolver],
  referenceResolvers: {},
  createContext: ({ dataSource }) => {
    const store = new RequestsStore(dataSource);
    return { store, loaders: createRequestsLoaders(store) };
  },
  internalRoutes: accessLogRoutes,
  seed: seedRequests,
};
