import type { PoolClient } from 'pg';
import type { Projection, StoredEvent } from '@app/event-store';
import { isActivityEvent } from '../domain/activity';
import { trackAfter, type TrackedActivity } from '../domain/aggregates';
import { yearOf } from '../domain/dates';
import { sameValue } from '../domain/canonical';
import { activitiesAfter, activitiesBefore, recordedIn } from './activities-before';
import { mayEmpty } from './row-deltas';

/** The figures per department, year, category and day (see AggregateRow). */
export const AGGREGATE_ROWS_TABLE = 'rm_activity_aggregates';
/** Each activity's contribution to them (TrackedActivity): what the next event of the activity moves. */
export const AGGREGATE_ACTIVITIES_TABLE = 'rm_aggregate_activities';

interface TrackedRow {
  activity_id: string;
  department: string;
  category: string;
  day: string;
  active: boolean;
  root: string;
  sums: Record<string, number>;
}

/** A change of one row's figures; sums travel unadded so PostgreSQL adds them exactly (numeric). */
interface RowDelta {
  department: string;
  year: number;
  category: string;
  day: string;
  count: number;
  projects: number;
  sums: Record<string, number>;
}

interface ProjectKey {
  department: string;
  year: number;
  category: string;
  root: string;
}

const projectKeyOf = (t: TrackedActivity): ProjectKey => ({
  department: t.department,
  year: yearOf(t.occurredOn),
  category: t.category,
  root: t.root,
});
const projectId = (k: ProjectKey) => `${k.department}\u0000${k.year}\u0000${k.category}\u0000${k.root}`;

const LOAD = `SELECT activity_id, department, category, day, active, root, sums
  FROM ${AGGREGATE_ACTIVITIES_TABLE} WHERE activity_id = ANY($1::text[])`;

/**
 * The live activities of each project named (department[], year[], category[], root[]) and their
 * days. Filtering out the batch's own activities here (`activity_id <> ALL(…)`) costs three times
 * as much in PostgreSQL as leaving it to node.
 */
const PROJECT_DAYS = `SELECT a.department, a.year, a.category, a.root, a.activity_id, a.day
  FROM ${AGGREGATE_ACTIVITIES_TABLE} a
  JOIN unnest($1::text[], $2::int[], $3::text[], $4::text[]) AS k(department, year, category, root)
    USING (department, year, category, root)
  WHERE a.active`;

/**
 * One statement per batch: the activities' contributions saved and the deltas added to their rows
 * (two tables, so neither part needs to see the other's writes). Activities new to the table are
 * inserted, the others updated: the projection knows which rows exist (it read them, or the batch
 * records the activity), and a plain insert costs less than INSERT … ON CONFLICT, which looks the
 * key up before inserting it. Sums are added in numeric (exact for 万元 amounts), zero sums left out.
 */
const SAVE_AND_ADD = `WITH x AS MATERIALIZED (
    SELECT * FROM json_to_recordset($1::json)
      AS x(id text, department text, category text, day text, active boolean, root text, sums jsonb, stored boolean)
  ), inserted AS (
    INSERT INTO ${AGGREGATE_ACTIVITIES_TABLE} (activity_id, department, year, category, day, active, root, sums)
    SELECT x.id, x.department, substr(x.day, 1, 4)::int, x.category, x.day, x.active, x.root, x.sums FROM x WHERE NOT x.stored
  ), updated AS (
    UPDATE ${AGGREGATE_ACTIVITIES_TABLE} AS t SET department = x.department, year = substr(x.day, 1, 4)::int, category = x.category,
      day = x.day, active = x.active, root = x.root, sums = x.sums
    FROM x WHERE x.stored AND t.activity_id = x.id
  ), d AS (
    SELECT * FROM json_to_recordset($2::json)
      AS x(department text, year int, category text, day text, count int, projects int, sums jsonb)
  ), totals AS (
    SELECT department, year, category, day, sum(count)::int AS count, sum(projects)::int AS projects
    FROM d GROUP BY department, year, category, day
  ), added AS (
    SELECT department, year, category, day, jsonb_object_agg(key, total) FILTER (WHERE total <> 0) AS sums
    FROM (SELECT d.department, d.year, d.category, d.day, e.key, sum(e.value::numeric) AS total
          FROM d, jsonb_each_text(d.sums) e GROUP BY 1, 2, 3, 4, 5) s
    GROUP BY department, year, category, day
  )
  INSERT INTO ${AGGREGATE_ROWS_TABLE} AS r (department, year, category, day, count, projects, sums)
  SELECT t.department, t.year, t.category, t.day, t.count, t.projects, coalesce(a.sums, '{}'::jsonb)
  FROM totals t LEFT JOIN added a USING (department, year, category, day)
  ON CONFLICT (department, year, category, day) DO UPDATE SET
    count = r.count + excluded.count,
    projects = r.projects + excluded.projects,
    sums = (SELECT coalesce(jsonb_object_agg(key, total) FILTER (WHERE total <> 0), '{}'::jsonb)
            FROM (SELECT key, sum(value::numeric) AS total
                  FROM (SELECT * FROM jsonb_each_text(r.sums) UNION ALL SELECT * FROM jsonb_each_text(excluded.sums)) u
                  GROUP BY key) g)`;

/** Rows left without a live activity go. */
const PRUNE = `DELETE FROM ${AGGREGATE_ROWS_TABLE} r
  USING unnest($1::text[], $2::int[], $3::text[], $4::text[]) AS k(department, year, category, day)
  WHERE r.department = k.department AND r.year = k.year AND r.category = k.category AND r.day = k.day AND r.count <= 0`;

const fromRow = (row: TrackedRow): TrackedActivity => ({
  id: row.activity_id,
  department: row.department,
  category: row.category,
  occurredOn: row.day,
  active: row.active,
  root: row.root,
  sums: row.sums,
});

const negated = (sums: Record<string, number>) => Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, -v]));

/**
 * The dashboard's aggregates, kept incrementally: per batch, the contributions of the activities
 * it touches are read once (none for those it records), their events folded in memory (trackAfter), and
 * each activity's old contribution is taken off its row and its new one added. A project counts
 * on the day of its first live activity: the first day of its other activities is read once, the
 * batch's own are known before and after, and a project whose first day changed moves between rows.
 */
export const activityAggregatesProjection: Projection = {
  name: 'activity-aggregates',
  version: 1,
  tables: [AGGREGATE_ROWS_TABLE, AGGREGATE_ACTIVITIES_TABLE],
  async apply(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    const mine = events.filter(isActivityEvent);
    if (mine.length === 0) return;
    const before = await activitiesBefore(mine, async (ids) => {
      const loaded = await tx.query<TrackedRow>({ name: 'agg_load', text: LOAD, values: [ids] });
      return new Map(loaded.rows.map((row) => [row.activity_id, fromRow(row)]));
    });
    const after = activitiesAfter(before, mine, trackAfter);

    const deltas: RowDelta[] = [];
    const saved: { was: TrackedActivity | null; now: TrackedActivity }[] = [];
    const projects = new Map<string, ProjectKey>();
    for (const [id, was] of before) {
      const now = after.get(id) ?? null;
      // A new activity (most of a catch-up) needs no comparison: canonical JSON is costly.
      if (!now || (was !== null && sameValue(was, now))) continue;
      saved.push({ was, now });
      for (const [t, sign] of [
        [was, -1],
        [now, 1],
      ] as const) {
        if (!t?.active) continue;
        const key = projectKeyOf(t);
        projects.set(projectId(key), key);
        deltas.push(delta(key, t.occurredOn, { count: sign, sums: sign < 0 ? negated(t.sums) : t.sums }));
      }
    }
    if (saved.length === 0) return;

    // The first day of each project: its other activities' (read, unless the batch records the
    // project: it has none), then the batch's own before and after.
    const others = new Map<string, string>();
    const earliest = (first: Map<string, string>, project: string, day: string) => {
      const known = first.get(project);
      if (known === undefined || day < known) first.set(project, day);
    };
    const recorded = recordedIn(mine);
    const keys = [...projects.values()].filter((k) => !recorded.has(k.root));
    if (keys.length > 0) {
      const found = await tx.query<ProjectKey & { activity_id: string; day: string }>({
        name: 'agg_project_days',
        text: PROJECT_DAYS,
        values: [keys.map((k) => k.department), keys.map((k) => k.year), keys.map((k) => k.category), keys.map((k) => k.root)],
      });
      const own = new Set(saved.map(({ now }) => now.id));
      for (const row of found.rows) if (!own.has(row.activity_id)) earliest(others, projectId(row), row.day);
    }
    const firstBefore = new Map(others);
    const firstAfter = new Map(others);
    for (const { was, now } of saved) {
      if (was?.active) earliest(firstBefore, projectId(projectKeyOf(was)), was.occurredOn);
      if (now.active) earliest(firstAfter, projectId(projectKeyOf(now)), now.occurredOn);
    }

    for (const [id, key] of projects) {
      const [was, now] = [firstBefore.get(id), firstAfter.get(id)];
      if (was === now) continue;
      if (was) deltas.push(delta(key, was, { projects: -1 }));
      if (now) deltas.push(delta(key, now, { projects: 1 }));
    }
    await tx.query({
      name: 'agg_save_and_add',
      text: SAVE_AND_ADD,
      values: [
        JSON.stringify(
          saved.map(({ was, now: t }) => ({
            stored: was !== null,
            id: t.id,
            department: t.department,
            category: t.category,
            day: t.occurredOn,
            active: t.active,
            root: t.root,
            sums: t.sums,
          })),
        ),
        JSON.stringify(deltas),
      ],
    });
    const emptied = mayEmpty(deltas, (d) => `${d.department}\u0000${d.year}\u0000${d.category}\u0000${d.day}`);
    if (emptied.length > 0) {
      await tx.query({
        name: 'agg_prune',
        text: PRUNE,
        values: [emptied.map((d) => d.department), emptied.map((d) => d.year), emptied.map((d) => d.category), emptied.map((d) => d.day)],
      });
    }
  },
};

function delta(key: ProjectKey, day: string, change: Partial<Pick<RowDelta, 'count' | 'projects' | 'sums'>>): RowDelta {
  return { department: key.department, year: key.year, category: key.category, day, count: 0, projects: 0, sums: {}, ...change };
}
