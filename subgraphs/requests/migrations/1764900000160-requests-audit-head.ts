import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTables, dropTables } from '../../../common/migration';

/**
 * `audit_head`: one row, the audit chain's head lock. Every writer of the chain locks it
 * (`SELECT ... FOR UPDATE`) before it reads the last position, so replicas append one after
 * another instead of taking the same position (audit.store.ts).
 */
export class RequestsAuditHead1764900000160 implements MigrationInterface {
  name = 'RequestsAuditHead1764900000160';

  async up(runner: QueryRunner): Promise<void> {
    await createTables(runner, [{ name: 'audit_head', columns: [{ name: 'id', type: 'int', isPrimary: true }] }]);
    await runner.query('INSERT INTO audit_head (id) VALUES (1)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropTables(runner, ['audit_head']);
  }
}
