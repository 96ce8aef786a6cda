import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An employer paying for the programme; progress reports to it need consent (ophelantyra). */
@Entity('employer_sponsorship')
export class EmployerSponsorshipEntity {
  @PrimaryColumn({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ name: 'employer_name', type: 'varchar', length: 200 })
  employerName!: string;

  @Column({ name: 'sponsored_since', type: 'date' })
  sponsoredSince!: string;

  /** The elements agreed at the start that a progress report may contain. */
  @Column({ name: 'reporting_scope', type: 'varchar', length: 500 })
  reportingScope!: string;
}
