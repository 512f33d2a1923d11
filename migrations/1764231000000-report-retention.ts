import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What report quotas and retention need:
 *
 * - `reports.fetched_at`: first time the report (JSON, XLSX or HTML) was fetched; `published_at`:
 *   when a reporter marked it published. Retention never deletes a report with either.
 * - `report_requests`: one row per new build request (job id), so the builds a department asked
 *   for in the last hour can be counted before another is queued. Rows older than a day go.
 */
export class ReportRetention1764231000000 implements MigrationInterface {
  name = 'ReportRetention1764231000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reports ADD COLUMN fetched_at timestamptz, ADD COLUMN published_at timestamptz`);
    await db.query(`CREATE INDEX reports_department_year_as_of ON reports (department, year, as_of, tenant_position)`);
    await db.query(`
      CREATE TABLE report_requests (
        job_id        text PRIMARY KEY,
        department    text NOT NULL,
        year          int NOT NULL,
        requested_at  timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX report_requests_department_time ON report_requests (department, requested_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE report_requests`);
    await db.query(`DROP INDEX reports_department_year_as_of`);
    await db.query(`ALTER TABLE reports DROP COLUMN fetched_at, DROP COLUMN published_at`);
  }
}
