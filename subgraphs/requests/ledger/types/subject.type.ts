import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Personal, RIGHTS_RECORD, SUBJECT_ID } from '../../../../common/privacy';
import { DataSubjectRequest } from './data-subject-request.type';

/** The subject as the ledger sees it: the requests they (or a DPO for them) made. */
@ObjectType('DataSubject')
@Directive('@key(fields: "id")')
export class DataSubject {
  @Field(() => ID)
  @Personal(SUBJECT_ID)
  id!: string;

  @Field(() => [DataSubjectRequest], {
    nullable: true,
    description: 'Rights requests about this subject, newest first.',
  })
  @Personal(RIGHTS_RECORD)
  requests?: DataSubjectRequest[];
}
