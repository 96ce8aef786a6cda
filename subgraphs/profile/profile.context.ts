import type { SubjectDatabaseContext } from '../../common/context';
import type { PrivacyContractContext } from '../../common/privacy-contract';
import type { PrivacyPolicy } from '../../policies';
import type { ProfileLoaders } from './profile.loaders';
import type { ProfileStore } from './profile.store';

/** What every profile resolver gets: store, loaders, access, the privacy contract and the policy it honours. */
export interface ProfileContext extends SubjectDatabaseContext<ProfileStore, ProfileLoaders>, PrivacyContractContext {
  /** The configured policy: which processing needs consent (processingAudience). */
  policy: PrivacyPolicy;
}
