import {
  PRIVACY_CONTRACT_ENTITIES,
  PrivacyContractResolver,
  privacyContractFor,
  RetentionContractResolver,
} from '../../common/privacy-contract';
import type { SubgraphDefinition } from '../../common/subgraph-server';
import { createBillingLoaders, type BillingContext } from './billing.loaders';
import { billingPrivacy } from './billing.privacy';
import { seedBilling } from './billing.seed';
import { BillingStore } from './billing.store';
import { BillingAccountEntity } from './entities/billing-account.entity';
import { InvoiceCorrectionEntity } from './entities/invoice-correction.entity';
import { InvoiceEntity } from './entities/invoice.entity';
import { PaymentEntity } from './entities/payment.entity';
import { SubscriptionEntity } from './entities/subscription.entity';
import { BillingInit1763740000000 } from './migrations/1763740000000-billing-init';
import { BillingPrivacy1763760000000 } from './migrations/1763760000000-billing-privacy';
import { BillingSubjectResolver } from './subject.resolver';
import { InvoiceResolver } from './invoice.resolver';
import { BillingInvoiceCorrections1765000000500 } from './migrations/1765000000500-billing-invoice-corrections';
import { DataSubject } from './types/subject.type';
import { HoldContractResolver } from '../../common/privacy-contract';
import { BillingHolds1764500000000 } from './migrations/1764500000000-billing-holds';
import { BillingRestrictedData1765000000200 } from './migrations/1765000000200-billing-restricted-data';
import { BillingRetentionProgress1765000000600 } from './migrations/1765000000600-billing-retention-progress';
import { BillingReceiptWidth1765000000700 } from './migrations/1765000000700-billing-receipt-width';
import { BillingContractLock1765000000900 } from './migrations/1765000000900-billing-contract-lock';

export const billingSubgraph: SubgraphDefinition<BillingContext> = {
  name: 'billing',
  entities: [
    BillingAccountEntity,
    InvoiceEntity,
    InvoiceCorrectionEntity,
    PaymentEntity,
    SubscriptionEntity,
    ...PRIVACY_CONTRACT_ENTITIES,
  ],
  migrations: [
    BillingInit1763740000000,
    BillingPrivacy1763760000000,
    BillingHolds1764500000000,
    BillingRestrictedData1765000000200,
    BillingInvoiceCorrections1765000000500,
    BillingRetentionProgress1765000000600,
    BillingReceiptWidth1765000000700,
    BillingContractLock1765000000900,
  ],
  resolvers: [
    BillingSubjectResolver,
    InvoiceResolver,
    PrivacyContractResolver,
    RetentionContractResolver,
    HoldContractResolver,
  ],
  // No root field reaches DataSubject here: billing only extends it.
  orphanedTypes: [DataSubject],
  referenceResolvers: {
    // Profile already decided whether the subject exists; the field loaders do the reading.
    DataSubject: (ref) => ({ id: ref.id }),
  },
  createContext: ({ dataSource }, runtime) => {
    const store = new BillingStore(dataSource);
    return {
      store,
      loaders: createBillingLoaders(store),
      privacy: privacyContractFor('billing', dataSource, billingPrivacy, runtime),
    };
  },
  seed: seedBilling,
};
