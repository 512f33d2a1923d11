import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The indicator counts (issue 17): each measure's figures per department, year and day, so that a
 * progress view as of a day adds up measures × days instead of counting every activity.
 *
 * - `rm_indicator_days`: one row per department, year, measure and day: the activities the
 *   measure counted that day (`count`), the projects whose first counted activity happened that
 *   day (`projects`: a prefix of days adds up to the distinct projects) and the measure's
 *   attribute summed (`total`, numeric: exact for 万元).
 * - `rm_indicator_members`: each activity a measure counts, with its day, project (`root`) and
 *   value: the records behind a figure, and what a correction takes off again.
 * - `rm_indicator_activities`: what the projection knows of each activity (category, day,
 *   status, project, attributes, also-counts-for), so that a measure defined or changed is
 *   re-evaluated from the projection's own state, at its own checkpoint.
 * - `rm_indicator_measures`: the measures of each department-year, as the projection last applied them.
 *
 * All four are written only by the `indicator-counts` projection, which the worker builds from the
 * events on its next start.
 */
export class IndicatorCounts1764232500000 implements MigrationInterface {
  name = 'IndicatorCounts1764232500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rm_indicator_days (
        department  text    NOT NULL,
        year        int     NOT NULL,
        measure     text    NOT NULL,
        day         text    NOT NULL,
        count       int     NOT NULL,
        projects    int     NOT NULL,
        total       numeric NOT NULL DEFAULT 0,
        PRIMARY KEY (department, year, measure, day)
      )`);
    await db.query(`
      CREATE TABLE rm_indicator_members (
        activity_id text    NOT NULL,
        measure     text    NOT NULL,
        department  text    NOT NULL,
        year        int     NOT NULL,
        day         text    NOT NULL,
        root        text    NOT NULL,
        value       numeric NOT NULL DEFAULT 0,
        PRIMARY KEY (activity_id, measure)
      )`);
    await db.query(`CREATE INDEX rm_indicator_members_project ON rm_indicator_members (department, year, measure, root, day)`);
    await db.query(`
      CREATE TABLE rm_indicator_activities (
        activity_id     text    PRIMARY KEY,
        department      text    NOT NULL,
        year            int     NOT NULL,
        category        text    NOT NULL,
        day             text    NOT NULL,
        active          boolean NOT NULL,
        parent_id       text,
        attributes      jsonb   NOT NULL DEFAULT '{}'::jsonb,
        also_counts_for text[]  NOT NULL DEFAULT '{}'
      )`);
    await db.query(`CREATE INDEX rm_indicator_activities_category ON rm_indicator_activities (department, year, category) WHERE active`);
    await db.query(
      `CREATE INDEX rm_indicator_activities_also ON rm_indicator_activities (department, year) WHERE active AND also_counts_for <> '{}'`,
    );
    await db.query(`
      CREATE TABLE rm_indicator_measures (
        department  text  NOT NULL,
        year        int   NOT NULL,
        code        text  NOT NULL,
        measure     jsonb NOT NULL,
        PRIMARY KEY (department, year, code)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rm_indicator_days, rm_indicator_members, rm_indicator_activities, rm_indicator_measures`);
    await db.query(`DELETE FROM projection_checkpoints WHERE name = 'indicator-counts'`);
  }
}
