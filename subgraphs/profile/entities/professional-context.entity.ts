import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the subject said of their work, so that mentors can adapt (ophelantyra). */
@Entity('professional_context')
export class ProfessionalContextEntity {
  @PrimaryColumn({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ type: 'varchar', length: 120 })
  sector!: string;

  @Column({ name: 'company_size', type: 'varchar', length: 32 })
  companySize!: string;

  @Column({ name: 'job_title', type: 'varchar', length: 160 })
  jobTitle!: string;

  @Column({ name: 'years_of_experience', type: 'int' })
  yearsOfExperience!: number;
}
