import { Field, ID, Int, ObjectType } from 'type-graphql';
import { NotPersonal, Personal, type PersonalSpec } from '../../../common/privacy';

/** Visible to the subject and their assigned mentor only (ophelantyra). */
export const DOCUMENT: PersonalSpec = {
  category: 'DOCUMENTS',
  purposes: ['MENTORING'],
  basis: 'CONTRACT',
  source: 'SUBJECT',
  retention: 'documents',
  recipients: ['MENTOR'],
};

@ObjectType({ description: 'A working document the subject shared in their personal space.' })
export class SharedDocument {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The session it was shared for; null when shared between sessions.' })
  @NotPersonal('technical identifier of a session listed in mentoringSessions')
  sessionId!: string | null;

  @Field({ description: 'The file name as uploaded.' })
  @Personal(DOCUMENT)
  name!: string;

  @Field({ description: 'Media type of the content, e.g. "application/pdf".' })
  @NotPersonal('file format, which says nothing about the person')
  mediaType!: string;

  @Field(() => Int)
  @NotPersonal('size of the file, a technical property')
  sizeBytes!: number;

  @Field({ description: 'Hex SHA-256 of the content, to check a copy against.' })
  @NotPersonal('checksum of the content: reveals nothing of it, lets the subject verify the export')
  sha256!: string;

  @Field()
  @Personal({ ...DOCUMENT, source: 'OBSERVED' })
  sharedAt!: Date;

  @Field({ description: 'The file itself, base64-encoded.' })
  @Personal(DOCUMENT)
  contentBase64?: string;
}
