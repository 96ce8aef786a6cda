import {
  PRIVACY_CONTRACT_ENTITIES,
  PrivacyContractResolver,
  privacyContractFor,
  RetentionContractResolver,
} from '../../common/privacy-contract';
import type { SubgraphDefinition } from '../../common/subgraph-server';
import { CommunicationPreferenceEntity } from './entities/communication-preference.entity';
import { ConsentEventEntity } from './entities/consent-event.entity';
import { EmployerSponsorshipEntity } from './entities/employer-sponsorship.entity';
import { FinancialSituationEntity } from './entities/financial-situation.entity';
import { ProfessionalContextEntity } from './entities/professional-context.entity';
import { SubjectEntity } from './entities/subject.entity';
import { ProfileInit1763740000000 } from './migrations/1763740000000-profile-init';
import { ProfilePrivacy1763760000000 } from './migrations/1763760000000-profile-privacy';
import { ActivityResolver } from './activity.resolver';
import { PrivacyResolver } from './privacy.resolver';
import type { ProfileContext } from './profile.context';
import { createProfileLoaders } from './profile.loaders';
import { profilePrivacyHandlers } from './profile.privacy';
import { seedProfile } from './profile.seed';
import { ProfileStore } from './profile.store';
import { SubjectResolver } from './subject.resolver';
import { HoldContractResolver } from '../../common/privacy-contract';
import { ProfileHolds1764500000000 } from './migrations/1764500000000-profile-holds';
import { ProfileRestrictedData1765000000200 } from './migrations/1765000000200-profile-restricted-data';
import { ProfileRetentionProgress1765000000600 } from './migrations/1765000000600-profile-retention-progress';
import { ProfileReceiptWidth1765000000700 } from './migrations/1765000000700-profile-receipt-width';
import { ProfileContractLock1765000000900 } from './migrations/1765000000900-profile-contract-lock';
import { ProfileBirthDateIndex1765000000800 } from './migrations/1765000000800-profile-birth-date-index';

export const profileSubgraph: SubgraphDefinition<ProfileContext> = {
  name: 'profile',
  entities: [
    SubjectEntity,
    ProfessionalContextEntity,
    FinancialSituationEntity,
    ConsentEventEntity,
    EmployerSponsorshipEntity,
    CommunicationPreferenceEntity,
    ...PRIVACY_CONTRACT_ENTITIES,
  ],
  migrations: [
    ProfileInit1763740000000,
    ProfilePrivacy1763760000000,
    ProfileHolds1764500000000,
    ProfileRestrictedData1765000000200,
    ProfileRetentionProgress1765000000600,
    ProfileReceiptWidth1765000000700,
    ProfileBirthDateIndex1765000000800,
    ProfileContractLock1765000000900,
  ],
  resolvers: [
    SubjectResolver,
    PrivacyContractResolver,
    RetentionContractResolver,
    PrivacyResolver,
    HoldContractResolver,
    ActivityResolver,
  ],
  referenceResolvers: {
    // The gateway asks for subjects by id in batches: the loader turns them into one statement.
    DataSubject: (ref, ctx) => ctx.loaders.subject.load(ref.id),
  },
  createContext: ({ dataSource }, runtime) => {
    const store = new ProfileStore(dataSource);
    return {
      store,
      loaders: createProfileLoaders(store),
      // One contract per database (its queue is shared by all requests): made once, looked up after.
      privacy: privacyContractFor('profile', dataSource, profilePrivacyHandlers, runtime),
      policy: runtime.policy,
    };
  },
  seed: seedProfile,
};
