import type { SubgraphDefinition } from '../../common/subgraph-server';
import { SupportMessageEntity } from './entities/message.entity';
import { SupportTicketEntity } from './entities/ticket.entity';
import { SupportInit1763740000000 } from './migrations/1763740000000-support-init';
import { SupportSubjectResolver } from './subject.resolver';
import { createSupportLoaders, type SupportContext } from './support.loaders';
import { seedSupport } from './support.seed';
import { SupportStore } from './support.store';
import { TicketResolver } from './ticket.resolver';
import { DataSubject } from './types/subject.type';

export const supportSubgraph: SubgraphDefinition<SupportContext> = {
  name: 'support',
  entities: [SupportTicketEntity, SupportMessageEntity],
  migrations: [SupportInit1763740000000],
  resolvers: [SupportSubjectResolver, TicketResolver],
  // No root field reaches DataSubject here: it only exists through `_entities`.
  orphanedTypes: [DataSubject],
  referenceResolvers: {
    // Profile already decided whether the subject exists; a subject without tickets has none here.
    DataSubject: (ref) => ({ id: ref.id }),
  },
  createContext: ({ dataSource }) => {
    const store = new SupportStore(dataSource);
    return { store, loaders: createSupportLoaders(store) };
  },
  seed: seedSupport,
};
