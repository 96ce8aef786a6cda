import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A download link that was used (its `jti`): the primary key makes the second use fail in the
 * ledger's database, whichever replica of `requests` serves it.
 */
@Entity('package_link_use')
export class PackageLinkUseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  jti!: string;

  @Column({ name: 'request_id', type: 'varchar', length: 36 })
  requestId!: string;

  @Column({ name: 'used_at', type: 'datetime', precision: 3 })
  usedAt!: Date;
}
