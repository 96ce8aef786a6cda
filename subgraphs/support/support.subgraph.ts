import {
  PRIVACY_CONTRACT_ENTITIES,
  PrivacyContractResolver,
  privacyContractFor,
  RetentionContractResolver,
} from '../../common/privacy-contract';
import type { SubgraphDefinition } from '../../common/subgraph-server';
import { SupportMessageEntity } from './entities/message.entity';
import { SupportTicketEntity } from './entities/ticket.entity';
import { SupportInit1763740000000 } from './migrations/1763740000000-support-init';
import { SupportPrivacy1763760000000 } from './migrations/1763760000000-support-privacy';
import { SupportSubjectResolver } from './subject.resolver';
import { createSupportLoaders, type SupportContext } from './support.loaders';
import { supportPrivacy } from './support.privacy';
import { seedSupport } from './support.seed';
import { SupportStore } from './support.store';
import { TicketResolver } from './ticket.resolver';
import { DataSubject } from './types/subject.type';
import { HoldContractResolver } from '../../common/privacy-contract';
import { SupportHolds1764500000000 } from './migrations/1764500000000-support-holds';
import { SupportRestrictedData1765000000200 } from './migrations/1765000000200-support-restricted-data';
import { SupportRetentionProgress1765000000600 } from './migrations/1765000000600-support-retention-progress';
import { SupportReceiptWidth1765000000700 } from './migrations/1765000000700-support-receipt-width';
import { SupportContractLock1765000000900 } from './migrations/1765000000900-support-contract-lock';

export const supportSubgraph: SubgraphDefinition<SupportContext> = {
  name: 'support',
  entities: [SupportTicketEntity, SupportMessageEntity, ...PRIVACY_CONTRACT_ENTITIES],
  migrations: [
    SupportInit1763740000000,
    SupportPrivacy1763760000000,
    SupportHolds1764500000000,
    SupportRestrictedData1765000000200,
    SupportRetentionProgress1765000000600,
    SupportReceiptWidth1765000000700,
    SupportContractLock1765000000900,
  ],
  resolvers: [
    SupportSubjectResolver,
    TicketResolver,
    PrivacyContractResolver,
    RetentionContractResolver,
    HoldContractResolver,
  ],
  // No root field reaches DataSubject here: it only exists through `_entities`.
  orphanedTypes: [DataSubject],
  referenceResolvers: {
    // Profile already decided whether the subject exists; a subject without tickets has none here.
    DataSubject: (ref) => ({ id: ref.id }),
  },
  createContext: ({ dataSource }, runtime) => {
    const store = new SupportStore(dataSource);
    return {
      store,
      loaders: createSupportLoaders(store),
      privacy: privacyContractFor('support', dataSource, supportPrivacy, runtime),
    };
  },
  seed: seedSupport,
};
