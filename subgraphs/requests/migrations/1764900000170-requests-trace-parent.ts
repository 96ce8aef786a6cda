import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `trace_parent`: the W3C `traceparent` of the call that recorded a request, when tracing is on,
 * so that a leg a worker retries later (after a restart even) is linked to the request's trace.
 * Plain ALTER TABLE (SQLite and MySQL alike): TypeORM's addColumn rebuilds a SQLite table from
 * what it loaded before the previous migration renamed a column, and fails.
 */
export class RequestsTraceParent1764900000170 implements MigrationInterface {
  name = 'RequestsTraceParent1764900000170';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE rights_request ADD COLUMN trace_parent varchar(55) NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE rights_request DROP COLUMN trace_parent');
  }
}
