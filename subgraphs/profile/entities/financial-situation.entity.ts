import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a learner chose to share of their finances for budget education (veloraqenvi). */
@Entity('financial_situation')
export class FinancialSituationEntity {
  @PrimaryColumn({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ name: 'income_band', type: 'varchar', length: 32 })
  incomeBand!: string;

  @Column({ name: 'household_size', type: 'int' })
  householdSize!: number;

  @Column({ name: 'monthly_budget_cents', type: 'int', nullable: true })
  monthlyBudgetCents!: number | null;

  @Column({ name: 'savings_goal', type: 'text', nullable: true })
  savingsGoal!: string | null;

  @Column({ name: 'debt_situation', type: 'text', nullable: true })
  debtSituation!: string | null;

  @Column({ name: 'shared_at', type: 'datetime' })
  sharedAt!: Date;
}
