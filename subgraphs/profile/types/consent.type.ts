import { Field, ObjectType } from 'type-graphql';
import { Personal } from '../../../common/privacy';
import { ConsentPurpose } from '../../../common/privacy-contract/processing';

export { ConsentPurpose };

@ObjectType({ description: 'One grant or withdrawal, as recorded.' })
export class ConsentChange {
  @Field()
  @Personal({
    category: 'CONSENT',
    purposes: ['LEGAL_COMPLIANCE'],
    basis: 'LEGAL_OBLIGATION',
    source: 'SUBJECT',
    retention: 'consent-proof',
  })
  granted!: boolean;

  @Field()
  @Personal({
    category: 'CONSENT',
    purposes: ['LEGAL_COMPLIANCE'],
    basis: 'LEGAL_OBLIGATION',
    source: 'OBSERVED',
    retention: 'consent-proof',
  })
  recordedAt!: Date;

  @Field({ description: 'Where it was given or withdrawn (SIGNUP_FORM, ACCOUNT_SETTINGS, SUPPORT...).' })
  @Personal({
    category: 'CONSENT',
    purposes: ['LEGAL_COMPLIANCE'],
    basis: 'LEGAL_OBLIGATION',
    source: 'OBSERVED',
    retention: 'consent-proof',
  })
  source!: string;
}

@ObjectType({ description: 'The consent in force for one purpose, and how it came to be.' })
export class Consent {
  @Field(() => ConsentPurpose)
  @Personal({
    category: 'CONSENT',
    purposes: ['LEGAL_COMPLIANCE'],
    basis: 'LEGAL_OBLIGATION',
    source: 'SUBJECT',
    retention: 'consent-proof',
  })
  purpose!: ConsentPurpose;

  @Field()
  @Personal({
    category: 'CONSENT',
    purposes: ['LEGAL_COMPLIANCE'],
    basis: 'LEGAL_OBLIGATION',
    source: 'SUBJECT',
    retention: 'consent-proof',
  })
  granted!: boolean;

  @Field()
  @Personal({
    category: 'CONSENT',
    purposes: ['LEGAL_COMPLIANCE'],
    basis: 'LEGAL_OBLIGATION',
    source: 'OBSERVED',
    retention: 'consent-proof',
  })
  updatedAt!: Date;

  @Field(() => [ConsentChange], { description: 'Oldest first.' })
  @Personal({
    category: 'CONSENT',
    purposes: ['LEGAL_COMPLIANCE'],
    basis: 'LEGAL_OBLIGATION',
    source: 'OBSERVED',
    retention: 'consent-proof',
  })
  history!: ConsentChange[];
}
