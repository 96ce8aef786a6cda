import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A teaching resource the learner downloaded (veloraqenvi measures which ones serve). */
@Entity('resource_download')
@Index('ix_resource_download_subject', ['subjectId', 'downloadedAt'])
export class ResourceDownloadEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ name: 'resource_code', type: 'varchar', length: 40 })
  resourceCode!: string;

  @Column({ name: 'resource_title', type: 'varchar', length: 200 })
  resourceTitle!: string;

  @Column({ name: 'downloaded_at', type: 'datetime' })
  downloadedAt!: Date;
}
