import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One ledger action, chained: `hash` covers this row's fields and the previous row's hash, so
 * changing, removing or inserting a row breaks every hash after it (`npm run audit:verify`).
 */
@Entity('audit_event')
export class AuditEventEntity {
  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;

  @Column({ name: 'request_id', type: 'varchar', length: 36, nullable: true })
  requestId!: string | null;

  @Column({ type: 'varchar', length: 40 })
  action!: string;

  /** Who acted: a caller's `sub`, or `worker`. */
  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  /** JSON without personal data: statuses, subgraphs, counts, field names. */
  @Column({ type: 'text' })
  detail!: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
