import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where the audit log starts once the retention sweep pruned its oldest rows: the last pruned
 * row's position and hash. `npm run audit:verify` checks the chain from the latest anchor, and
 * the sweep's own AUDIT_PRUNED row (in the chain, hashed) repeats both, so an anchor cannot be
 * forged without breaking the chain.
 */
@Entity('audit_anchor')
export class AuditAnchorEntity {
  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  /** The sweep that pruned up to here. */
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ name: 'pruned_at', type: 'datetime', precision: 3 })
  prunedAt!: Date;
}
