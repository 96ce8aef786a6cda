import type { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTables, dropTables } from '../../../common/migration';

/** The ledger's record of legal holds (issue 11): placed, and released, each through a request. */
export class RequestsHolds1764500000000 implements MigrationInterface {
  name = 'RequestsHolds1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await createTables(runner, [
      {
        name: 'legal_hold',
        columns: [
          col.id(),
          col.ref('subject_id'),
          col.varchar('scope', 16),
          col.varchar('subgraph', 16, true),
          col.text('record_ids', true),
          col.text('reason'),
          col.varchar('placed_by', 200),
          col.instant('placed_at'),
          col.ref('place_request_id'),
          { ...col.instant('released_at'), isNullable: true },
          col.varchar('released_by', 200, true),
          col.text('release_reason', true),
          col.ref('release_request_id', true),
        ],
        indices: [{ name: 'ix_legal_hold_subject', columns: ['subject_id', 'placed_at'] }],
      },
    ]);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropTables(runner, ['legal_hold']);
  }
}
