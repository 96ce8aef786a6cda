import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A client's `Idempotency-Key` for a rights mutation, and the request it recorded: the same key
 * from the same caller answers with that request instead of recording a second one.
 */
@Entity('idempotency_key')
export class IdempotencyKeyEntity {
  /** SHA-256 of the caller's `sub` and the key: neither is kept as such. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  /** SHA-256 of what was asked (type, subject, details, reason): another body with the key is refused. */
  @Column({ name: 'body_hash', type: 'varchar', length: 64 })
  bodyHash!: string;

  @Column({ name: 'request_id', type: 'varchar', length: 36 })
  requestId!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
