import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each data subgraph's migration that lets a restriction name the contested categories of data
 * (V13, V43): `processing_restriction.categories`, a comma list of `@personal` categories, null for
 * a restriction of processing only. Rows written before it are processing restrictions: null.
 */
export function restrictedDataMigration(name: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(runner: QueryRunner): Promise<void> {
      await runner.addColumn(
        'processing_restriction',
        new TableColumn({ name: 'categories', type: 'varchar', length: '400', isNullable: true }),
      );
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.dropColumn('processing_restriction', 'categories');
    }
  };
}
