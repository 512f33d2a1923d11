import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the tracking domain. Each is a keyed JSON document written only by its
 * projection; generated columns carry what queries filter and sort on.
 */
export class ReadModels1764230500000 implements MigrationInterface {
  name = 'ReadModels1764230500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rm_departments (
        key  text PRIMARY KEY,
        doc  jsonb NOT NULL,
        name text GENERATED ALWAYS AS (doc->>'name') STORED
      )`);
    await db.query(`
      CREATE TABLE rm_activities (
        key          text PRIMARY KEY,
        doc          jsonb NOT NULL,
        department   text GENERATED ALWAYS AS (doc->>'department') STORED,
        category     text GENERATED ALWAYS AS (doc->>'category') STORED,
        occurred_on  text GENERATED ALWAYS AS (doc->>'occurredOn') STORED,
        year         int  GENERATED ALWAYS AS (substr(doc->>'occurredOn', 1, 4)::int) STORED,
        role         text GENERATED ALWAYS AS (doc->>'role') STORED,
        status       text GENERATED ALWAYS AS (doc->>'status') STORED,
        title        text GENERATED ALWAYS AS (doc->>'title') STORED,
        parent_id    text GENERATED ALWAYS AS (doc->>'parentId') STORED
      )`);
    await db.query(`CREATE INDEX rm_activities_department_year ON rm_activities (department, year, occurred_on, key)`);
    await db.query(`CREATE INDEX rm_activities_parent ON rm_activities (parent_id) WHERE parent_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE rm_plans (
        key        text PRIMARY KEY,
        doc        jsonb NOT NULL,
        department text GENERATED ALWAYS AS (doc->>'department') STORED,
        year       int  GENERATED ALWAYS AS ((doc->>'year')::int) STORED
      )`);
    await db.query(`CREATE INDEX rm_plans_department_year ON rm_plans (department, year)`);
    await db.query(`
      CREATE TABLE rm_activity_counts (
        key  text PRIMARY KEY,
        doc  jsonb NOT NULL,
        department text GENERATED ALWAYS AS (doc->>'department') STORED,
        year int GENERATED ALWAYS AS ((doc->>'year')::int) STORED
      )`);
    await db.query(`CREATE INDEX rm_activity_counts_department_year ON rm_activity_counts (department, year)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rm_activity_counts, rm_plans, rm_activities, rm_departments`);
  }
}
