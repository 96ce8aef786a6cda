import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Who is invoiced and where: one per subject. Card numbers never reach us (the payment
 * provider holds them); we keep only its customer reference.
 */
@Entity('billing_account')
export class BillingAccountEntity {
  @PrimaryColumn({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ name: 'billing_name', type: 'varchar', length: 200 })
  billingName!: string;

  @Column({ name: 'address_line', type: 'varchar', length: 300 })
  addressLine!: string;

  @Column({ name: 'postal_code', type: 'varchar', length: 16 })
  postalCode!: string;

  @Column({ type: 'varchar', length: 120 })
  city!: string;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'varchar', length: 2 })
  country!: string;

  /**
   * Copies of the profile contact taken when the account was opened: erasure removes them
   * here while the invoices, which the law makes us keep, stay: null once erased.
   */
  @Column({ name: 'billing_email', type: 'varchar', length: 254, nullable: true })
  billingEmail!: string | null;

  @Column({ name: 'billing_phone', type: 'varchar', length: 32, nullable: true })
  billingPhone!: string | null;

  /** The payment provider's id of this customer ("cus_..."): how a refund or dispute finds them there. */
  @Column({ name: 'provider_customer_ref', type: 'varchar', length: 64 })
  providerCustomerRef!: string;
}
