import {
  PRIVACY_CONTRACT_ENTITIES,
  PrivacyContractResolver,
  privacyContractFor,
  RetentionContractResolver,
} from '../../common/privacy-contract';
import type { SubgraphDefinition } from '../../common/subgraph-server';
import { ActivityResolver } from './activity.resolver';
import { AssignmentResolver } from './assignment.resolver';
import { DocumentResolver } from './document.resolver';
import { ConnectionLogEntity } from './entities/connection-log.entity';
import { LearningProgressEntity } from './entities/learning-progress.entity';
import { MentorAssignmentEntity } from './entities/mentor-assignment.entity';
import { MentoringSessionEntity } from './entities/mentoring-session.entity';
import { ResourceDownloadEntity } from './entities/resource-download.entity';
import { SessionEvaluationEntity } from './entities/session-evaluation.entity';
import { SharedDocumentEntity } from './entities/shared-document.entity';
import { SessionsInit1763740000000 } from './migrations/1763740000000-sessions-init';
import { SessionsMentorIndex1763750000000 } from './migrations/1763750000000-sessions-mentor-index';
import { SessionsPrivacy1763760000000 } from './migrations/1763760000000-sessions-privacy';
import { SessionsRetention1763770000000 } from './migrations/1763770000000-sessions-retention';
import { MentorScopeResolver } from './mentor-scope.resolver';
import { createSessionsLoaders, type SessionsContext } from './sessions.loaders';
import { sessionsPrivacy } from './sessions.privacy';
import { seedSessions } from './sessions.seed';
import { SessionsStore } from './sessions.store';
import { SubjectResolver } from './subject.resolver';
import { DataSubject } from './types/subject.type';
import { HoldContractResolver } from '../../common/privacy-contract';
import { SessionsHolds1764500000000 } from './migrations/1764500000000-sessions-holds';
import { SessionsRestrictedData1765000000200 } from './migrations/1765000000200-sessions-restricted-data';
import { SessionsRetentionProgress1765000000600 } from './migrations/1765000000600-sessions-retention-progress';
import { SessionsReceiptWidth1765000000700 } from './migrations/1765000000700-sessions-receipt-width';
import { SessionsContractLock1765000000900 } from './migrations/1765000000900-sessions-contract-lock';

export const sessionsSubgraph: SubgraphDefinition<SessionsContext> = {
  name: 'sessions',
  entities: [
    MentoringSessionEntity,
    MentorAssignmentEntity,
    SharedDocumentEntity,
    SessionEvaluationEntity,
    LearningProgressEntity,
    ResourceDownloadEntity,
    ConnectionLogEntity,
    ...PRIVACY_CONTRACT_ENTITIES,
  ],
  migrations: [
    SessionsInit1763740000000,
    SessionsMentorIndex1763750000000,
    SessionsPrivacy1763760000000,
    SessionsRetention1763770000000,
    SessionsHolds1764500000000,
    SessionsRestrictedData1765000000200,
    SessionsRetentionProgress1765000000600,
    SessionsReceiptWidth1765000000700,
    SessionsContractLock1765000000900,
  ],
  resolvers: [
    ActivityResolver,
    SubjectResolver,
    DocumentResolver,
    AssignmentResolver,
    MentorScopeResolver,
    PrivacyContractResolver,
    RetentionContractResolver,
    HoldContractResolver,
  ],
  // No public root field here reaches DataSubject: it only comes in through _entities.
  orphanedTypes: [DataSubject],
  referenceResolvers: {
    // Profile owns the subject and has already said whether it exists; a subject without
    // records here simply has empty lists, so there is nothing to look up.
    DataSubject: (ref) => ({ id: ref.id }),
  },
  createContext: ({ dataSource }, runtime) => {
    const store = new SessionsStore(dataSource);
    return {
      store,
      loaders: createSessionsLoaders(store),
      privacy: privacyContractFor('sessions', dataSource, sessionsPrivacy, runtime),
    };
  },
  seed: seedSessions,
};
