import { Field, ID, Int, ObjectType } from 'type-graphql';
import { NotPersonal, Personal, type PersonalSpec } from '../../../common/privacy';

/**
 * Source SUBJECT: the progress is the learner's own activity, and veloraqenvi lists it among
 * what portability covers (Art. 20 takes source SUBJECT with basis CONTRACT or CONSENT).
 */
export const LEARNING: PersonalSpec = {
  category: 'LEARNING',
  purposes: ['SERVICE', 'PERSONALISATION'],
  basis: 'CONTRACT',
  source: 'SUBJECT',
  retention: 'account',
};

@ObjectType({ description: 'How far the learner got in one budget-education module.' })
export class LearningModuleProgress {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field()
  @Personal(LEARNING)
  moduleCode!: string;

  @Field({ description: 'The title when the module was started.' })
  @Personal(LEARNING)
  moduleTitle!: string;

  @Field(() => Int, { description: '0 to 100.' })
  @Personal(LEARNING)
  progressPercent!: number;

  @Field()
  @Personal(LEARNING)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Personal(LEARNING)
  completedAt!: Date | null;

  @Field()
  @Personal(LEARNING)
  updatedAt!: Date;
}
