import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A working document the subject shared with their mentor (business plan, market study...). */
@Entity('shared_document')
@Index('ix_shared_document_subject', ['subjectId', 'sharedAt'])
export class SharedDocumentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  /** The session it was shared for; null when shared between sessions. */
  @Column({ name: 'session_id', type: 'varchar', length: 36, nullable: true })
  sessionId!: string | null;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'media_type', type: 'varchar', length: 127 })
  mediaType!: string;

  /** Kept with the content so that an export can be checked against it without re-reading it. */
  @Column({ name: 'size_bytes', type: 'int' })
  sizeBytes!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  // 'blob' here, 'mediumblob' in the migration: the entity never drives the DDL.
  @Column({ type: 'blob' })
  content!: Buffer;

  @Column({ name: 'shared_at', type: 'datetime' })
  sharedAt!: Date;
}
