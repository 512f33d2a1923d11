import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { Sql } from '@app/event-store';
import { EventStore } from '@app/event-store';
import { activityIdOfEvent, evolveActivity, ROLES, type Activity } from '../domain/activity';
import type { AggregateRow } from '../domain/aggregates';
import { MILESTONE_ATTRIBUTE, type CategorySpec } from '../domain/catalog';
import type { IndicatorFigure } from '../domain/indicator-counts';
import { DEFAULT_DEPARTMENT_SETTINGS, evolveDepartment, type Department, type DepartmentSettings } from '../domain/department';
import { emptyPlan, evolvePlan, type Plan } from '../domain/plan';
import { activityWarningsProjection, indicatorCountsProjection, PROGRESS_READ_MODELS } from '../projections/tracking-projections';
import type { DataQualityWarning } from '../domain/warnings';
import { byDayThenId } from '../domain/warning-facts';

export interface ActivityFilter {
  year?: number;
  category?: string;
  /** 1–12 */
  month?: number;
  role?: string;
  /** Matched against the title, case-insensitively. */
  text?: string;
  status?: 'active' | 'withdrawn' | 'all';
  /** A milestone's code: the activities whose `milestone` attribute names it (its evidence). */
  milestone?: string;
  ids?: string[];
  /** 'newest': latest date first, the latest recorded first within a day (the log); default: by date. */
  order?: 'newest' | 'oldest';
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Everything of a department as it was known at a time: replayed from the store, not the read models. */
export interface KnownState {
  department: Department | null;
  plans: Map<number, Plan>;
  activities: Activity[];
}

/** The activities of a department-year ($1, $2) and the projects of other years its parts belong to. */
const ACTIVITIES_OF_YEAR = `SELECT doc FROM rm_activities WHERE department = $1 AND year = $2
  UNION ALL
  SELECT p.doc FROM rm_activities p
  WHERE p.key IN (SELECT parent_id FROM rm_activities WHERE department = $1 AND year = $2 AND parent_id IS NOT NULL)
    AND p.year <> $2`;

export interface ProgressInputs {
  name: string | null;
  /** The department's settings as set (settingsOf fills the defaults). */
  settings: Partial<DepartmentSettings> | null;
  /** The department's categories (their properties: which are milestone evidence). */
  catalog: CategorySpec[];
  plan: Plan;
  activities: Activity[];
  /** Activities of the department an amendment moved out of the year (now dated in another). */
  movedOut: Activity[];
  revision: number;
  complete: boolean;
}

/** What a progress view's figures are computed from (ProgressInputs without the activities). */
export interface ProgressFigures extends Omit<ProgressInputs, 'activities' | 'movedOut'> {
  /** Each counted measure's figures up to the day asked for (the indicator counts), by measure code. */
  figures: Map<string, IndicatorFigure>;
  /**
   * When asked for: the warnings' inputs read in the same snapshot (revision and completeness the
   * figures'), with the 补录 threshold they were selected by (the department's as set, or the default).
   */
  warnings?: WarningInputs & { lateEntryDays: number };
}

/**
 * The years a department ($1) has a plan or activities in, latest first. The activities' years are
 * found by skipping through the (department, year, …) index, one probe per year: a DISTINCT over
 * the department's rows read all of them (200 ms at 50,000 activities, on the dashboard's start).
 */
const DEPARTMENT_YEARS = `WITH RECURSIVE activity_years AS (
    (SELECT year FROM rm_activities WHERE department = $1 ORDER BY year LIMIT 1)
    UNION ALL
    SELECT (SELECT a.year FROM rm_activities a WHERE a.department = $1 AND a.year > y.year ORDER BY a.year LIMIT 1)
    FROM activity_years y WHERE y.year IS NOT NULL
  )
  SELECT year FROM rm_plans WHERE department = $1
  UNION SELECT year FROM activity_years WHERE year IS NOT NULL
  ORDER BY 1 DESC`;

/** Activities of a department ($1) that left a year ($2) by an amendment of their date (rm_activities_moved_out). */
const MOVED_OUT_OF_YEAR = `SELECT doc FROM rm_activities
  WHERE department = $1 AND doc ? 'movedOutOf' AND year <> $2 AND doc->'movedOutOf' @> jsonb_build_array(jsonb_build_object('year', $2::int))`;

/** What a progress view's year part reads with the warnings read model (see ReadModels.warningInputs). */
const WARNING_READ_MODELS = [...PROGRESS_READ_MODELS, indicatorCountsProjection.name, activityWarningsProjection.name];

/**
 * The activities of a department-year ($1, $2) a warning of the year can concern, as the warnings
 * read model finds them with its indexes: the live activities of the year that are flagged (a
 * title naming a later year, also-counts-for, a project in another year) or not on time by the
 * UTC margin of a department's 补录 threshold (`threshold`, lateEntryDays); a project of another year that
 * is itself a part of a project of this year and a project of this year's part (progressInputs
 * reads it); and the projects of all those parts.
 */
const warningCandidates = (threshold: string) => `WITH candidates AS (
    SELECT activity_id, parent_id, outside_parent_year FROM rm_warning_activities
    WHERE department = $1 AND year = $2 AND active AND flagged
    UNION
    SELECT activity_id, parent_id, outside_parent_year FROM rm_warning_activities
    WHERE department = $1 AND year = $2 AND active AND NOT exempt
      AND late_utc_days > ${threshold} - 2 AND late_utc_days + 1 > ${threshold}
    UNION
    SELECT p.activity_id, p.parent_id, p.outside_parent_year FROM rm_warning_activities p
    WHERE p.department = $1 AND p.outside_parent_year = $2 AND p.year <> $2
      AND EXISTS (SELECT 1 FROM rm_warning_activities k WHERE k.parent_id = p.activity_id AND k.department = $1 AND k.year = $2)
  ), ids AS (
    SELECT activity_id FROM candidates UNION SELECT parent_id FROM candidates WHERE outside_parent_year IS NOT NULL
  )
  SELECT doc FROM rm_warning_activities WHERE activity_id IN (SELECT activity_id FROM ids)`;

/** Activities of a department ($1) an amendment moved out of a year ($2), as MOVED_OUT_OF_YEAR finds them. */
const WARNING_MOVED_OUT = `SELECT doc FROM rm_warning_activities
  WHERE department = $1 AND moved_out_years <> '{}' AND year <> $2 AND $2 = ANY(moved_out_years)`;

/** The activities of a department-year ($1, $2) naming a milestone, and such projects of another year of its parts. */
const WARNING_MILESTONES = `SELECT doc FROM rm_warning_activities a
  WHERE a.department = $1 AND a.milestone AND (a.year = $2 OR (a.year <> $2 AND EXISTS (
    SELECT 1 FROM rm_warning_activities k WHERE k.parent_id = a.activity_id AND k.department = $1 AND k.year = $2)))`;

/** The columns a progress view's warnings read (WarningInputs), the 补录 threshold given as an SQL expression. */
const warningColumns = (threshold: string) => `
  (SELECT coalesce(json_agg(c.doc), '[]'::json) FROM (${warningCandidates(threshold)}) c) AS activities,
  (SELECT coalesce(json_agg(m.doc), '[]'::json) FROM (${WARNING_MOVED_OUT}) m) AS moved_out,
  (SELECT coalesce(json_agg(m.doc), '[]'::json) FROM (${WARNING_MILESTONES}) m) AS milestones,
  (SELECT coalesce(json_agg(json_build_array(d.day, d.first_id, d.place, d.message, d.first, d.second)), '[]'::json)
     FROM rm_warning_duplicates d WHERE d.department = $1 AND d.year = $2) AS duplicates,
  (SELECT coalesce(array_agg(DISTINCT measure), '{}') FROM rm_indicator_days WHERE department = $1 AND year = $2 AND count > 0) AS counted`;

interface WarningRow {
  activities: Activity[];
  moved_out: Activity[];
  milestones: Activity[];
  duplicates: [string, string, number, string, string, string][];
  counted: string[];
}

function warningInputsOf(row: WarningRow): Omit<WarningInputs, 'revision' | 'complete'> {
  const duplicates = row.duplicates
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]) || a[2] - b[2])
    .map(([, , , message, first, second]): DataQualityWarning => ({
      kind: 'likely-duplicate',
      message,
      activityIds: [first, second],
      measure: null,
    }));
  return {
    activities: row.activities.sort(byDayThenId),
    movedOut: row.moved_out.sort(byDayThenId),
    milestones: row.milestones.sort(byDayThenId),
    duplicates,
    counted: new Set(row.counted),
  };
}

/** What a progress view's warnings and milestone evidence are computed from (ReadModels.warningInputs). */
export interface WarningInputs {
  /** The activities a finding of single activities, parts or late entries can concern (a superset), by day then id. */
  activities: Activity[];
  /** As ProgressInputs.movedOut. */
  movedOut: Activity[];
  /** The activities naming a milestone (as progressInputs' activities filtered so), by day then id. */
  milestones: Activity[];
  /** The likely-duplicate warnings, in dataQualityWarnings' order. */
  duplicates: DataQualityWarning[];
  /** The measures that count at least one activity in the whole year (the indicator counts). */
  counted: Set<string>;
  revision: number;
  complete: boolean;
}

/** Each measure's figures of a department-year ($1, $2) up to a day (`asOf`, every day when null), from the indicator counts. */
const indicatorFigures = (asOf: string) => `SELECT measure, sum(count)::int AS count, sum(projects)::int AS projects, sum(total) AS total
  FROM rm_indicator_days WHERE department = $1 AND year = $2 AND (${asOf}::text IS NULL OR day <= ${asOf}) GROUP BY measure`;
const INDICATOR_FIGURES = `SELECT measure, count, projects, total::text AS total FROM (${indicatorFigures('$3')}) f`;

/** What a progress view reads: progress's read models and the indicator counts. */
const PROGRESS_VIEW_READ_MODELS = [...PROGRESS_READ_MODELS, indicatorCountsProjection.name];

/** An account id (users.id): the actor of an event recorded over HTTP. */
const ACCOUNT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const sortActivities = (activities: Activity[]): Activity[] =>
  activities.sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id.localeCompare(b.id));

@Injectable()
export class ReadModels {
  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly store: EventStore,
  ) {}

  async department(code: string, db: Sql = this.pool): Promise<Department | null> {
    const found = await db.query<{ doc: Department }>({
      name: 'rm_department',
      text: 'SELECT doc FROM rm_departments WHERE key = $1',
      values: [code],
    });
    return found.rows[0]?.doc ?? null;
  }

  async departments(): Promise<Department[]> {
    const found = await this.pool.query<{ doc: Department }>('SELECT doc FROM rm_departments ORDER BY key');
    return found.rows.map((r) => r.doc);
  }

  async plan(department: string, year: number, db: Sql = this.pool): Promise<Plan> {
    const found = await db.query<{ doc: Plan }>({
      name: 'rm_plan',
      text: 'SELECT doc FROM rm_plans WHERE key = $1',
      values: [`${department}:${year}`],
    });
    return found.rows[0]?.doc ?? emptyPlan(department, year);
  }

  async years(department: string): Promise<number[]> {
    const found = await this.pool.query<{ year: number }>({ name: 'rm_years', text: DEPARTMENT_YEARS, values: [department] });
    return found.rows.map((r) => r.year);
  }

  /** Activities of the department an amendment moved out of `year` (for the year's warnings). */
  async movedOutOfYear(department: string, year: number, db: Sql = this.pool): Promise<Activity[]> {
    const found = await db.query<{ doc: Activity }>({ name: 'rm_moved_out_of_year', text: MOVED_OUT_OF_YEAR, values: [department, year] });
    return sortActivities(found.rows.map((r) => r.doc));
  }

  /** Every activity of a department-year (any status), plus the projects its parts belong to. */
  /**
   * `omit`: fields the caller never reads, left out in PostgreSQL (the report of 50,000 activities
   * would otherwise send, parse and keep every note).
   */
  async activitiesOfYear(
    department: string,
    year: number,
    db: Sql = this.pool,
    options: { omit?: readonly string[] } = {},
  ): Promise<Activity[]> {
    const found = options.omit?.length
      ? await db.query<{ doc: Activity }>({
          name: 'rm_activities_of_year_without',
          text: `SELECT a.doc - $3::text[] AS doc FROM (${ACTIVITIES_OF_YEAR}) a`,
          values: [department, year, options.omit],
        })
      : await db.query<{ doc: Activity }>({ name: 'rm_activities_of_year', text: ACTIVITIES_OF_YEAR, values: [department, year] });
    return sortActivities(found.rows.map((r) => r.doc));
  }

  /**
   * A number that grows with every event of the department (events are never deleted): equal
   * revisions mean nothing of the department has been recorded in between, whichever the stream.
   * A count and not the highest position: positions are drawn before commit, so an event committed
   * after a later-drawn one would not move the maximum.
   */
  async departmentRevision(department: string, db: Sql = this.pool): Promise<number> {
    const found = await db.query<{ n: number }>({
      name: 'rm_department_revision',
      text: 'SELECT count(*)::int AS n FROM events WHERE tenant = $1',
      values: [department],
    });
    return found.rows[0].n;
  }

  /**
   * What a progress view is computed from, in one round trip and one snapshot: the department's
   * name (null when it does not exist), the plan and the activities of the year (as plan() and
   * activitiesOfYear() return them), the department's revision, and whether the read models had
   * applied every event of the department (`complete`) — only then does the revision describe what
   * was read. The activities come as one JSON array: one value to parse instead of a row each.
   */
  async progressInputs(department: string, year: number, db: Sql = this.pool): Promise<ProgressInputs> {
    const found = await db.query<{
      name: string | null;
      settings: Partial<DepartmentSettings> | null;
      catalog: CategorySpec[] | null;
      plan: Plan | null;
      activities: Activity[];
      moved_out: Activity[];
      revision: number;
      complete: boolean;
    }>({
      name: 'rm_progress_inputs',
      text: `SELECT (SELECT doc->>'name' FROM rm_departments WHERE key = $1) AS name,
                    (SELECT doc->'settings' FROM rm_departments WHERE key = $1) AS settings,
                    (SELECT doc->'catalog' FROM rm_departments WHERE key = $1) AS catalog,
                    (SELECT doc FROM rm_plans WHERE key = $3) AS plan,
                    (SELECT coalesce(json_agg(a.doc), '[]'::json) FROM (${ACTIVITIES_OF_YEAR}) a) AS activities,
                    (SELECT coalesce(json_agg(m.doc), '[]'::json) FROM (${MOVED_OUT_OF_YEAR}) m) AS moved_out,
                    (SELECT count(*)::int FROM events WHERE tenant = $1) AS revision,
                    (SELECT count(*) = 3 FROM projection_checkpoints WHERE name = ANY($4::text[]))
                      AND NOT EXISTS (
                        SELECT 1 FROM events e JOIN projection_checkpoints c ON c.name = ANY($4::text[])
                        WHERE e.tenant = $1 AND (e.transaction_id, e.global_position) > (c.last_transaction_id, c.last_position)) AS complete`,
      values: [department, year, `${department}:${year}`, PROGRESS_READ_MODELS],
    });
    const row = found.rows[0];
    return {
      name: row.name,
      settings: row.settings,
      catalog: row.catalog ?? [],
      plan: row.plan ?? emptyPlan(department, year),
      activities: sortActivities(row.activities),
      movedOut: sortActivities(row.moved_out),
      revision: row.revision,
      complete: row.complete,
    };
  }

  /**
   * What a progress view's warnings and milestone evidence need, in one round trip and one
   * snapshot, from the warnings read model and the indicator counts: a few indexed rows, never
   * every activity of the year (see WarningInputs). `lateEntryDays`: the department's threshold.
   */
  async warningInputs(department: string, year: number, lateEntryDays: number, db: Sql = this.pool): Promise<WarningInputs> {
    const found = await db.query<WarningRow & { revision: number; complete: boolean }>({
      name: 'rm_warning_inputs',
      text: `SELECT ${warningColumns('$3::float8')},
                    (SELECT count(*)::int FROM events WHERE tenant = $1) AS revision,
                    (SELECT count(*) = cardinality($4::text[]) FROM projection_checkpoints WHERE name = ANY($4::text[]))
                      AND NOT EXISTS (
                        SELECT 1 FROM events e JOIN projection_checkpoints c ON c.name = ANY($4::text[])
                        WHERE e.tenant = $1 AND (e.transaction_id, e.global_position) > (c.last_transaction_id, c.last_position)) AS complete`,
      values: [department, year, lateEntryDays, WARNING_READ_MODELS],
    });
    const row = found.rows[0];
    return { ...warningInputsOf(row), revision: row.revision, complete: row.complete };
  }

  /**
   * What a progress view's figures are computed from, in one round trip and one snapshot, without
   * reading a single activity: the department (name, settings, catalog), the plan, each counted
   * measure's figures up to `asOf` (the indicator counts: measures × days added up), the
   * department's revision and whether the read models, the indicator counts among them, had applied
   * every event of the department (`complete`).
   */
  async progressFigures(
    department: string,
    year: number,
    asOf?: string,
    options: { warnings?: boolean } = {},
    db: Sql = this.pool,
  ): Promise<ProgressFigures> {
    // The threshold as settingsOf gives it when the department sets a number (the caller checks).
    const threshold = `(SELECT coalesce((SELECT CASE WHEN jsonb_typeof(doc->'settings'->'lateEntryDays') = 'number'
      THEN (doc->'settings'->>'lateEntryDays')::float8 END FROM rm_departments WHERE key = $1), $6::float8))`;
    const found = await db.query<
      {
        name: string | null;
        settings: Partial<DepartmentSettings> | null;
        catalog: CategorySpec[] | null;
        plan: Plan | null;
        figures: Record<string, IndicatorFigure>;
        revision: number;
        complete: boolean;
      } & Partial<WarningRow & { late_entry_days: number }>
    >({
      name: options.warnings ? 'rm_progress_figures_warnings' : 'rm_progress_figures',
      text: `SELECT d.doc->>'name' AS name, d.doc->'settings' AS settings, d.doc->'catalog' AS catalog,
                    (SELECT doc FROM rm_plans WHERE key = $3) AS plan,
                    (SELECT coalesce(json_object_agg(f.measure, json_build_object('count', f.count, 'projects', f.projects, 'total', f.total)),
                                     '{}'::json)
                       FROM (${indicatorFigures('$5')}) f) AS figures,
                    ${options.warnings ? `${warningColumns(threshold)}, ${threshold} AS late_entry_days,` : ''}
                    (SELECT count(*)::int FROM events WHERE tenant = $1) AS revision,
                    (SELECT count(*) = cardinality($4::text[]) FROM projection_checkpoints WHERE name = ANY($4::text[]))
                      AND NOT EXISTS (
                        SELECT 1 FROM events e JOIN projection_checkpoints c ON c.name = ANY($4::text[])
                        WHERE e.tenant = $1 AND (e.transaction_id, e.global_position) > (c.last_transaction_id, c.last_position)) AS complete
             FROM (SELECT 1) one LEFT JOIN rm_departments d ON d.key = $1`,
      values: options.warnings
        ? [department, year, `${department}:${year}`, WARNING_READ_MODELS, asOf ?? null, DEFAULT_DEPARTMENT_SETTINGS.lateEntryDays]
        : [department, year, `${department}:${year}`, PROGRESS_VIEW_READ_MODELS, asOf ?? null],
    });
    const row = found.rows[0];
    return {
      name: row.name,
      settings: row.settings,
      catalog: row.catalog ?? [],
      plan: row.plan ?? emptyPlan(department, year),
      figures: new Map(Object.entries(row.figures)),
      revision: row.revision,
      complete: row.complete,
      ...(options.warnings
        ? {
            warnings: {
              ...warningInputsOf(row as WarningRow),
              lateEntryDays: row.late_entry_days!,
              revision: row.revision,
              complete: row.complete,
            },
          }
        : {}),
    };
  }

  /**
   * The display names of the accounts among these actors (event metadata holds account ids). One
   * small query on the accounts' table: histories show who acted by name, never by id.
   */
  async actorNames(actors: Iterable<string | null | undefined>, db: Sql = this.pool): Promise<Map<string, string>> {
    const ids = [...new Set([...actors].filter((a): a is string => typeof a === 'string' && ACCOUNT_ID.test(a)))];
    if (ids.length === 0) return new Map();
    const found = await db.query<{ id: string; name: string }>({
      name: 'rm_actor_names',
      text: 'SELECT id::text AS id, display_name AS name FROM users WHERE id = ANY($1::uuid[])',
      values: [ids],
    });
    return new Map(found.rows.map((r) => [r.id, r.name]));
  }

  /** The dashboard's aggregate rows of a department-year, up to `asOf` (inclusive) when given: categories × days at most. */
  async aggregateRows(department: string, year: number, asOf?: string, db: Sql = this.pool): Promise<AggregateRow[]> {
    const found = await db.query<AggregateRow>({
      name: 'rm_aggregate_rows',
      text: `SELECT department, year, category, day, count, projects, sums FROM rm_activity_aggregates
             WHERE department = $1 AND year = $2 AND ($3::text IS NULL OR day <= $3) ORDER BY category, day`,
      values: [department, year, asOf ?? null],
    });
    return found.rows;
  }

  /**
   * Each measure's figures of a department-year from the indicator counts, its days up to `asOf`
   * (inclusive; every day when absent) added up: measures × days, never activities.
   */
  async indicatorFigures(department: string, year: number, asOf?: string, db: Sql = this.pool): Promise<Map<string, IndicatorFigure>> {
    const found = await db.query<IndicatorFigure & { measure: string }>({
      name: 'rm_indicator_figures',
      text: INDICATOR_FIGURES,
      values: [department, year, asOf ?? null],
    });
    return new Map(found.rows.map(({ measure, ...figure }) => [measure, figure]));
  }

  /** The activities a measure counts in a department-year, up to `asOf` when given (the drill-down's records), by day then id. */
  async countedActivityIds(department: string, year: number, measure: string, asOf?: string, db: Sql = this.pool): Promise<string[]> {
    const found = await db.query<{ id: string; day: string }>({
      name: 'rm_indicator_members_of',
      text: `SELECT activity_id AS id, day FROM rm_indicator_members
             WHERE department = $1 AND year = $2 AND measure = $3 AND ($4::text IS NULL OR day <= $4)`,
      values: [department, year, measure, asOf ?? null],
    });
    return found.rows.sort((a, b) => a.day.localeCompare(b.day) || a.id.localeCompare(b.id)).map((r) => r.id);
  }

  /**
   * The live activities of a category in a department-year, up to `asOf` when given, by day then id,
   * as the indicator counts know them (with countedActivityIds: those a measure leaves out).
   */
  async categoryActivityIds(department: string, year: number, category: string, asOf?: string, db: Sql = this.pool): Promise<string[]> {
    const found = await db.query<{ id: string; day: string }>({
      name: 'rm_indicator_category_ids',
      text: `SELECT activity_id AS id, day FROM rm_indicator_activities
             WHERE department = $1 AND year = $2 AND category = $3 AND active AND ($4::text IS NULL OR day <= $4)`,
      values: [department, year, category, asOf ?? null],
    });
    return found.rows.sort((a, b) => a.day.localeCompare(b.day) || a.id.localeCompare(b.id)).map((r) => r.id);
  }

  async activity(department: string, id: string): Promise<Activity | null> {
    const found = await this.pool.query<{ doc: Activity }>({
      name: 'rm_activity',
      text: 'SELECT doc FROM rm_activities WHERE key = $1 AND department = $2',
      values: [id, department],
    });
    return found.rows[0]?.doc ?? null;
  }

  async listActivities(department: string, filter: ActivityFilter): Promise<Page<Activity>> {
    const where = ['department = $1'];
    const values: unknown[] = [department];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (filter.year !== undefined) add('year = ?', filter.year);
    if (filter.category) add('category = ?', filter.category);
    if (filter.month !== undefined) add('substr(occurred_on, 6, 2) = ?', String(filter.month).padStart(2, '0'));
    if (filter.role && (ROLES as readonly string[]).includes(filter.role)) add('role = ?', filter.role);
    if (filter.text) add(`title ILIKE ? ESCAPE '\\'`, `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (filter.status !== 'all') add('status = ?', filter.status ?? 'active');
    if (filter.milestone) add(`doc->'attributes'->>'${MILESTONE_ATTRIBUTE}' = ?`, filter.milestone);
    if (filter.ids) add('key = ANY(?::text[])', filter.ids);
    const condition = where.join(' AND ');
    const total = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM rm_activities WHERE ${condition}`, values);
    // Newest first reads the (department, year, occurred_on, key) index backwards; a day's rows are sorted by when recorded.
    const order = filter.order === 'newest' ? `occurred_on DESC, doc->>'recordedAt' DESC, key DESC` : 'occurred_on, key';
    const page = await this.pool.query<{ doc: Activity }>(
      `SELECT doc FROM rm_activities WHERE ${condition} ORDER BY ${order} LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize}`,
      values,
    );
    return { items: page.rows.map((r) => r.doc), total: total.rows[0].n, page: filter.page, pageSize: filter.pageSize };
  }

  /** Replays the department's events recorded up to `knownAt` with the same evolve functions. */
  async knownAt(department: string, knownAt: Date): Promise<KnownState> {
    let dept: Department | null = null;
    const plans = new Map<number, Plan>();
    const activities = new Map<string, Activity | null>();
    for await (const batch of this.store.readTenant(department, knownAt)) {
      for (const event of batch) {
        if (event.type.startsWith('department.')) dept = evolveDepartment(dept, event);
        else if (event.type.startsWith('plan.')) {
          const year = (event.data as { year: number }).year;
          plans.set(year, evolvePlan(plans.get(year) ?? emptyPlan(department, year), event));
        } else if (event.type.startsWith('activity.')) {
          const id = activityIdOfEvent(event);
          activities.set(id, evolveActivity(activities.get(id) ?? null, event));
        }
      }
    }
    return { department: dept, plans, activities: [...activities.values()].filter((a): a is Activity => a !== null) };
  }
}
