import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard's aggregates, replacing the activity counts per category that nothing read:
 *
 * - `rm_activity_aggregates`: one row per department, year, category and day with the live
 *   activities (`count`), the projects first started that day (`projects`) and the numeric
 *   attributes summed (`sums`, jsonb numbers: exact for 万元). A year as of a day adds up the
 *   rows up to it: categories × days, never activities.
 * - `rm_aggregate_activities`: each activity's contribution (row, project, numbers), so that a
 *   correction moves exactly what the activity had added.
 *
 * Both are written only by the `activity-aggregates` projection, which the worker builds from the
 * events on its next start; the old projection's table and checkpoint go.
 *
 * Also: `rm_activities_moved_out`, the few activities an amendment moved out of a year (their
 * document's `movedOutOf`), for the warning that year shows.
 */
export class ActivityAggregates1764231400000 implements MigrationInterface {
  name = 'ActivityAggregates1764231400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rm_activity_aggregates (
        department  text NOT NULL,
        year        int  NOT NULL,
        category    text NOT NULL,
        day         text NOT NULL,
        count       int  NOT NULL,
        projects    int  NOT NULL,
        sums        jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (department, year, category, day)
      )`);
    await db.query(`
      CREATE TABLE rm_aggregate_activities (
        activity_id text PRIMARY KEY,
        department  text NOT NULL,
        year        int  NOT NULL,
        category    text NOT NULL,
        day         text NOT NULL,
        active      boolean NOT NULL,
        root        text NOT NULL,
        sums        jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await db.query(
      `CREATE INDEX rm_aggregate_activities_project ON rm_aggregate_activities (department, year, category, root, day) WHERE active`,
    );
    await db.query(`CREATE INDEX rm_activities_moved_out ON rm_activities (department) WHERE doc ? 'movedOutOf'`);
    await db.query(`DROP TABLE rm_activity_counts`);
    await db.query(`DELETE FROM projection_checkpoints WHERE name = 'activity-counts'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rm_aggregate_activities, rm_activity_aggregates`);
    await db.query(`DROP INDEX rm_activities_moved_out`);
    await db.query(`DELETE FROM projection_checkpoints WHERE name = 'activity-aggregates'`);
    await db.query(`
      CREATE TABLE rm_activity_counts (
        key  text PRIMARY KEY,
        doc  jsonb NOT NULL,
        department text GENERATED ALWAYS AS (doc->>'department') STORED,
        year int GENERATED ALWAYS AS ((doc->>'year')::int) STORED
      )`);
    await db.query(`CREATE INDEX rm_activity_counts_department_year ON rm_activity_counts (department, year)`);
  }
}
