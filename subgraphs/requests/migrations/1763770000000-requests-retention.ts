import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, createTables, dropTables } from '../../../common/migration';
import { PRIVACY_CONTRACT_TABLES } from '../../../common/privacy-contract/privacy.tables';

const anchor = {
  name: 'audit_anchor',
  columns: [
    { name: 'seq', type: 'int', isPrimary: true },
    col.varchar('hash', 64),
    col.ref('run_id'),
    col.instant('pruned_at'),
  ],
};

/**
 * What the retention sweep needs in the ledger: `run_key`, unique, by which one replica of the
 * `requests` service claims a day's scheduled sweep (the other's INSERT loses); the contract's
 * idempotency table, for this service's own part of a sweep; and the anchor the audit log is
 * verified from once its oldest rows are pruned.
 */
export class RequestsRetention1763770000000 implements MigrationInterface {
  name = 'RequestsRetention1763770000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('rights_request', new TableColumn({ ...col.varchar('run_key', 40, true) }));
    // NULLs never collide: only scheduled sweeps carry a key.
    await runner.createIndex(
      'rights_request',
      new TableIndex({ name: 'ux_rights_request_run_key', columnNames: ['run_key'], isUnique: true }),
    );
    await createTables(runner, [...PRIVACY_CONTRACT_TABLES.filter((t) => t.name === 'privacy_operation'), anchor]);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropTables(runner, ['privacy_operation', 'audit_anchor']);
    await runner.dropIndex('rights_request', 'ux_rights_request_run_key');
    await runner.dropColumn('rights_request', 'run_key');
  }
}
