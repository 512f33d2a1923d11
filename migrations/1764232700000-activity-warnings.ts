import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The warnings read model (issue 17): what a progress view's warnings need of the year's
 * activities, so that a view reads a few indexed rows instead of every activity.
 *
 * - `rm_warning_activities`: each activity's document (the projection evolves it from its own
 *   table) and what finds the ones a warning can concern: a title naming a later year, the days
 *   from its day to the UTC day of recording, imported or 补录, also-counts-for, milestone
 *   evidence, the years it was moved out of, and its project's year when that differs.
 * - `rm_warning_duplicates`: the likely duplicates of each category and day, in the order the
 *   warnings list them (the group's first activity, then the pair's place in the group).
 *
 * Both are written only by the `activity-warnings` projection, which the worker builds from the
 * events on its next start.
 */
export class ActivityWarnings1764232700000 implements MigrationInterface {
  name = 'ActivityWarnings1764232700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rm_warning_activities (
        activity_id         text    PRIMARY KEY,
        department          text    NOT NULL,
        year                int     NOT NULL,
        category            text    NOT NULL,
        day                 text    NOT NULL,
        active              boolean NOT NULL,
        parent_id           text,
        outside_parent_year int,
        mentions_later_year boolean NOT NULL,
        late_utc_days       double precision,
        exempt              boolean NOT NULL,
        also_counts         boolean NOT NULL,
        milestone           boolean NOT NULL,
        moved_out_years     int[]   NOT NULL DEFAULT '{}',
        doc                 jsonb   NOT NULL,
        flagged             boolean GENERATED ALWAYS AS (
          mentions_later_year OR also_counts OR outside_parent_year IS NOT NULL OR (late_utc_days IS NULL AND NOT exempt)
        ) STORED
      )`);
    await db.query(`CREATE INDEX rm_warning_activities_flagged ON rm_warning_activities (department, year) WHERE active AND flagged`);
    await db.query(
      `CREATE INDEX rm_warning_activities_late ON rm_warning_activities (department, year, late_utc_days) WHERE active AND NOT exempt`,
    );
    await db.query(`CREATE INDEX rm_warning_activities_group ON rm_warning_activities (department, category, day) WHERE active`);
    await db.query(`CREATE INDEX rm_warning_activities_parent ON rm_warning_activities (parent_id) WHERE parent_id IS NOT NULL`);
    await db.query(
      `CREATE INDEX rm_warning_activities_outside ON rm_warning_activities (department, outside_parent_year) WHERE outside_parent_year IS NOT NULL`,
    );
    await db.query(`CREATE INDEX rm_warning_activities_milestone ON rm_warning_activities (department, year) WHERE milestone`);
    await db.query(`CREATE INDEX rm_warning_activities_moved ON rm_warning_activities (department) WHERE moved_out_years <> '{}'`);
    await db.query(`
      CREATE TABLE rm_warning_duplicates (
        department  text NOT NULL,
        year        int  NOT NULL,
        category    text NOT NULL,
        day         text NOT NULL,
        first_id    text NOT NULL,
        place       int  NOT NULL,
        message     text NOT NULL,
        first       text NOT NULL,
        second      text NOT NULL,
        PRIMARY KEY (department, category, day, place)
      )`);
    await db.query(`CREATE INDEX rm_warning_duplicates_year ON rm_warning_duplicates (department, year)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rm_warning_activities, rm_warning_duplicates`);
    await db.query(`DELETE FROM projection_checkpoints WHERE name = 'activity-warnings'`);
  }
}
