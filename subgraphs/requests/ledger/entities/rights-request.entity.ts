import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RequestStatus, RequestType } from '../request.enums';
import type { IdentityMethod } from '../identity';

/**
 * A rights request as received: what is asked, by whom, its deadline, where it stands. Written
 * with its legs before any subgraph is called, so that nothing asked is ever lost.
 */
@Entity('rights_request')
@Index('ux_rights_request_live_kind', ['subjectId', 'liveKind'], { unique: true })
@Index('ix_rights_request_status_due', ['status', 'dueAt'])
@Index('ux_rights_request_live_export', ['subjectId', 'liveExport'], { unique: true })
export class RightsRequestEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 24 })
  type!: RequestType;

  @Index('ix_rights_request_subject')
  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ type: 'varchar', length: 24 })
  status!: RequestStatus;

  /**
   * What the request asks, JSON: the new values of a rectification (personal data, so replaced
   * by the names of the fields once the request is closed), a scope, a purpose.
   */
  @Column({ type: 'text' })
  details!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The `sub` of who submitted it (a DPO, or the subject). */
  @Column({ name: 'submitted_by', type: 'varchar', length: 200 })
  submittedBy!: string;

  @Column({ name: 'received_at', type: 'datetime', precision: 3 })
  receivedAt!: Date;

  /** The deadline without extension: an extension is counted from it, never from a previous extension. */
  @Column({ name: 'initial_due_at', type: 'datetime', precision: 3 })
  initialDueAt!: Date;

  @Column({ name: 'due_at', type: 'datetime', precision: 3 })
  dueAt!: Date;

  @Column({ name: 'extended_months', type: 'int' })
  extendedMonths!: number;

  @Column({ name: 'extension_reason', type: 'text', nullable: true })
  extensionReason!: string | null;

  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  /** A new email waits for the token sent to it before anything runs (Art. 16 with proof of the address). */
  @Column({ name: 'awaiting_confirmation', type: 'boolean' })
  awaitingConfirmation!: boolean;

  /** SHA-256 of the confirmation token: the token itself exists only in the message sent. */
  @Index('ix_rights_request_confirmation')
  @Column({ name: 'confirmation_hash', type: 'varchar', length: 64, nullable: true })
  confirmationHash!: string | null;

  @Column({ name: 'confirmation_expires_at', type: 'datetime', precision: 3, nullable: true })
  confirmationExpiresAt!: Date | null;

  /**
   * The request's type while it is the one of its kind a subject may have (a unique index with
   * the subject): an erasure of everything, a closure (received, running, done; a rejected one
   * lets go), a running inactivity warning, a running contact of a minor's legal
   * representatives. Null for every other request, and for a partial erasure.
   */
  @Column({ name: 'live_kind', type: 'varchar', length: 16, nullable: true })
  liveKind!: RequestType | null;

  /**
   * Where the outcome goes: the subject's address, asked of profile at receipt (after an erasure
   * profile has none). Personal data the ledger needs only while the request is open: cleared
   * once the final message is in the outbox. Null: nobody to tell (a run with no subject).
   */
  @Column({ name: 'notify_email', type: 'varchar', length: 254, nullable: true })
  notifyEmail!: string | null;

  /** The language of those messages, from the subject's profile at receipt. */
  @Column({ name: 'notify_language', type: 'varchar', length: 8, nullable: true })
  notifyLanguage!: string | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;

  /** A scheduled retention sweep's claim on its day (RETENTION:YYYY-MM-DD), unique; null otherwise. */
  @Index('ux_rights_request_run_key', { unique: true })
  @Column({ name: 'run_key', type: 'varchar', length: 40, nullable: true })
  runKey!: string | null;

  /** How the subject's identity was verified (identity.ts): SUBJECT_TOKEN, or what a dpo checked. */
  @Column({ name: 'identity_method', type: 'varchar', length: 24, nullable: true })
  identityMethod!: IdentityMethod | null;

  /** The dpo's reference to the evidence (a case number, a letter's reference), never the document itself. */
  @Column({ name: 'identity_evidence', type: 'varchar', length: 200, nullable: true })
  identityEvidence!: string | null;

  @Column({ name: 'identity_verified_by', type: 'varchar', length: 200, nullable: true })
  identityVerifiedBy!: string | null;

  @Column({ name: 'identity_verified_at', type: 'datetime', precision: 3, nullable: true })
  identityVerifiedAt!: Date | null;

  /** ACCESS or PORTABILITY while such a request is open: one of each kind per subject (unique). */
  @Column({ name: 'live_export', type: 'varchar', length: 16, nullable: true })
  liveExport!: string | null;

  /** The package is served until then (PACKAGE_TTL_DAYS after it was released). */
  @Column({ name: 'package_expires_at', type: 'datetime', precision: 3, nullable: true })
  packageExpiresAt!: Date | null;

  /** When the sweep deleted the package's file. */
  @Column({ name: 'package_deleted_at', type: 'datetime', precision: 3, nullable: true })
  packageDeletedAt!: Date | null;

  /** The `traceparent` of the call that recorded it (tracing on): a later leg's span links to it. */
  @Column({ name: 'trace_parent', type: 'varchar', length: 55, nullable: true })
  traceParent!: string | null;
}
