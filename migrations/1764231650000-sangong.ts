import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 三公 records (issue 14): one read-model document per record (its fields, status and footprint:
 * line, year and the day it counts on), and one per department-year holding the day-by-day sums
 * of each line (the 三公 table as of any date is a prefix of days). The `finance` role
 * (财务人员) may be granted: it records 三公 where a department leaves that to finance staff.
 */
export class Sangong1764231650000 implements MigrationInterface {
  name = 'Sangong1764231650000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rm_sangong_records (
        key        text PRIMARY KEY,
        doc        jsonb NOT NULL,
        department text GENERATED ALWAYS AS (doc->>'department') STORED,
        kind       text GENERATED ALWAYS AS (doc->>'kind') STORED,
        line       text GENERATED ALWAYS AS (doc->'footprint'->>'line') STORED,
        year       int  GENERATED ALWAYS AS ((doc->'footprint'->>'year')::int) STORED,
        day        text GENERATED ALWAYS AS (doc->'footprint'->>'day') STORED,
        status     text GENERATED ALWAYS AS (doc->>'status') STORED
      )`);
    await db.query(`CREATE INDEX rm_sangong_records_department_year ON rm_sangong_records (department, year, line, day, key)`);
    await db.query(`
      CREATE TABLE rm_sangong (
        key        text PRIMARY KEY,
        doc        jsonb NOT NULL,
        department text GENERATED ALWAYS AS (doc->>'department') STORED,
        year       int  GENERATED ALWAYS AS ((doc->>'year')::int) STORED
      )`);
    await db.query(`CREATE INDEX rm_sangong_department_year ON rm_sangong (department, year)`);
    await db.query(`ALTER TABLE user_roles DROP CONSTRAINT IF EXISTS user_roles_role_check`);
    await db.query(
      `ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK (role IN ('staff', 'leader', 'reporter', 'auditor', 'finance', 'admin'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM user_roles WHERE role = 'finance'`);
    await db.query(`ALTER TABLE user_roles DROP CONSTRAINT IF EXISTS user_roles_role_check`);
    await db.query(
      `ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK (role IN ('staff', 'leader', 'reporter', 'auditor', 'admin'))`,
    );
    await db.query(`DROP TABLE rm_sangong, rm_sangong_records`);
  }
}
