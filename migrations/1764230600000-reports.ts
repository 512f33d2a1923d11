import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Finished year-end reports, each tied to the event-stream position it was built from. */
export class Reports1764230600000 implements MigrationInterface {
  name = 'Reports1764230600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX events_tenant_position ON events (tenant, global_position)`);
    await db.query(`
      CREATE TABLE reports (
        id                    text PRIMARY KEY,
        department            text NOT NULL,
        year                  int NOT NULL,
        as_of                 text NOT NULL,
        tenant_position       bigint NOT NULL,
        checkpoint_tx         xid8 NOT NULL,
        checkpoint_position   bigint NOT NULL,
        built_at              timestamptz NOT NULL,
        build_ms              int NOT NULL,
        report                jsonb NOT NULL,
        xlsx                  bytea NOT NULL,
        html                  text NOT NULL,
        CONSTRAINT reports_one_per_state UNIQUE (department, year, as_of, tenant_position)
      )`);
    await db.query(`CREATE INDEX reports_department_year ON reports (department, year, built_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE reports`);
    await db.query(`DROP INDEX events_tenant_position`);
  }
}
