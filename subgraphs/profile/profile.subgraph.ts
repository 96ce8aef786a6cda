import type { SubgraphDefinition } from '../../common/subgraph-server';
import { CommunicationPreferenceEntity } from './entities/communication-preference.entity';
import { ConsentEventEntity } from './entities/consent-event.entity';
import { EmployerSponsorshipEntity } from './entities/employer-sponsorship.entity';
import { FinancialSituationEntity } from './entities/financial-situation.entity';
import { ProfessionalContextEntity } from './entities/professional-context.entity';
import { SubjectEntity } from './entities/subject.entity';
import { ProfileInit1763740000000 } from './migrations/1763740000000-profile-init';
import { createProfileLoaders, type ProfileContext } from './profile.loaders';
import { seedProfile } from './profile.seed';
import { ProfileStore } from './profile.store';
import { SubjectResolver } from './subject.resolver';

export const profileSubgraph: SubgraphDefinition<ProfileContext> = {
  name: 'profile',
  entities: [SubjectEntity, ProfessionalContextEntity, FinancialSituationEntity, ConsentEventEntity, EmployerSponsorshipEntity, CommunicationPreferenceEntity],
  migrations: [ProfileInit1763740000000],
  resolvers: [SubjectResolver],
  referenceResolvers: {
    // The gateway asks for subjects by id in batches: the loader turns them into one statement.
    DataSubject: (ref, ctx) => ctx.loaders.subject.load(ref.id),
  },
  createContext: ({ dataSource }) => {
    const store = new ProfileStore(dataSource);
    return { store, loaders: createProfileLoaders(store) };
  },
  seed: seedProfile,
};
