import type { PoolClient } from 'pg';
import type { Projection, StoredEvent } from '@app/event-store';
import { isActivityEvent } from '../domain/activity';
import { sameValue } from '../domain/canonical';
import { yearOf } from '../domain/dates';
import { countedActivityAfter, membershipsOf, type CountedActivity, type Membership } from '../domain/indicator-counts';
import { PlanEvents, type Measure, type MeasureDefined } from '../domain/plan';
import { activitiesAfter, activitiesBefore, recordedIn } from './activities-before';
import { mayEmpty } from './row-deltas';

/** Each measure's figures per department, year and day (IndicatorDay). */
export const INDICATOR_DAYS_TABLE = 'rm_indicator_days';
/** Each activity a measure counts (Membership): the records behind a figure. */
export const INDICATOR_MEMBERS_TABLE = 'rm_indicator_members';
/** What the projection knows of each activity (CountedActivity). */
export const INDICATOR_ACTIVITIES_TABLE = 'rm_indicator_activities';
/** The measures of each department-year, as last applied. */
export const INDICATOR_MEASURES_TABLE = 'rm_indicator_measures';

interface ActivityRow {
  activity_id: string;
  department: string;
  category: string;
  day: string;
  active: boolean;
  parent_id: string | null;
  attributes: CountedActivity['attributes'];
  also_counts_for: string[];
}

/** A change of one day row; totals travel as numbers and are added in PostgreSQL numeric. */
interface DayDelta {
  department: string;
  year: number;
  measure: string;
  day: string;
  count: number;
  projects: number;
  total: number;
}

interface MeasureKey {
  department: string;
  year: number;
  code: string;
}

const planKey = (department: string, year: number) => `${department}\u0000${year}`;
const measureId = (k: MeasureKey) => `${k.department}\u0000${k.year}\u0000${k.code}`;
const memberId = (m: Pick<Membership, 'activityId' | 'measure'>) => `${m.activityId}\u0000${m.measure}`;
const projectId = (m: Pick<Membership, 'department' | 'year' | 'measure' | 'root'>) =>
  `${m.department}\u0000${m.year}\u0000${m.measure}\u0000${m.root}`;
const dayId = (d: Pick<DayDelta, 'department' | 'year' | 'measure' | 'day'>) =>
  `${d.department}\u0000${d.year}\u0000${d.measure}\u0000${d.day}`;

/** What decides which activities a measure counts and with what (its name and unit do not). */
const rule = (m: Measure | undefined) => m && { kind: m.kind, category: m.category, where: m.where, attribute: m.attribute };

const LOAD_ACTIVITIES = `SELECT activity_id, department, category, day, active, parent_id, attributes, also_counts_for
  FROM ${INDICATOR_ACTIVITIES_TABLE} WHERE activity_id = ANY($1::text[])`;

/**
 * Activities new to the table are inserted, the others updated: the batch tells which rows exist
 * (read, or recorded by the batch), and a plain insert costs less than INSERT … ON CONFLICT, which
 * looks the key up before inserting it. CTEs of a statement (`p`: the JSON array's parameter).
 */
const saveActivities = (p: string) => `x AS MATERIALIZED (
    SELECT x.id, x.department, substr(x.day, 1, 4)::int AS year, x.category, x.day, x.active, x.parent_id, x.attributes,
      ARRAY(SELECT jsonb_array_elements_text(x.also)) AS also, x.stored
    FROM json_to_recordset(${p}::json)
      AS x(id text, department text, category text, day text, active boolean, parent_id text, attributes jsonb, also jsonb, stored boolean)
  ), inserted_activities AS (
    INSERT INTO ${INDICATOR_ACTIVITIES_TABLE} (activity_id, department, year, category, day, active, parent_id, attributes, also_counts_for)
    SELECT id, department, year, category, day, active, parent_id, attributes, also FROM x WHERE NOT stored
  ), updated_activities AS (
    UPDATE ${INDICATOR_ACTIVITIES_TABLE} AS t SET department = x.department, year = x.year, category = x.category, day = x.day,
      active = x.active, parent_id = x.parent_id, attributes = x.attributes, also_counts_for = x.also
    FROM x WHERE x.stored AND t.activity_id = x.id
  )`;

const LOAD_MEASURES = `SELECT m.department, m.year, m.code, m.measure FROM ${INDICATOR_MEASURES_TABLE} m
  JOIN unnest($1::text[], $2::int[]) AS k(department, year) USING (department, year)`;

const saveMeasures = (p: string) => `saved_measures AS (
    INSERT INTO ${INDICATOR_MEASURES_TABLE} AS t (department, year, code, measure)
    SELECT x.department, x.year, x.code, x.measure FROM json_to_recordset(${p}::json) AS x(department text, year int, code text, measure jsonb)
    ON CONFLICT (department, year, code) DO UPDATE SET measure = excluded.measure
  )`;

/**
 * The counted activities of each project named (department[], year[], measure[], root[]) and their
 * days (node leaves out the batch's own: `activity_id <> ALL(…)` here costs three times as much).
 */
const PROJECT_DAYS = `SELECT m.department, m.year, m.measure, m.root, m.activity_id, m.day
  FROM ${INDICATOR_MEMBERS_TABLE} m
  JOIN unnest($1::text[], $2::int[], $3::text[], $4::text[]) AS k(department, year, measure, root)
    USING (department, year, measure, root)`;

const deleteMembers = (ids: string, measures: string) => `deleted_members AS (
    DELETE FROM ${INDICATOR_MEMBERS_TABLE} m USING unnest(${ids}::text[], ${measures}::text[]) AS k(activity_id, measure)
    WHERE m.activity_id = k.activity_id AND m.measure = k.measure
  )`;

const saveMembers = (p: string) => `saved_members AS (
    INSERT INTO ${INDICATOR_MEMBERS_TABLE} AS t (activity_id, measure, department, year, day, root, value)
    SELECT x.activity_id, x.measure, x.department, x.year, x.day, x.root, x.value
    FROM json_to_recordset(${p}::json)
      AS x(activity_id text, measure text, department text, year int, day text, root text, value numeric)
    ON CONFLICT (activity_id, measure) DO UPDATE SET department = excluded.department, year = excluded.year,
      day = excluded.day, root = excluded.root, value = excluded.value
  )`;

/** Everything of the measures named (department[], year[], code[]) goes: they are counted again from the activities. */
const FORGET_MEASURES = [INDICATOR_MEMBERS_TABLE, INDICATOR_DAYS_TABLE].map(
  (table) => `DELETE FROM ${table} t USING unnest($1::text[], $2::int[], $3::text[]) AS k(department, year, measure)
    WHERE t.department = k.department AND t.year = k.year AND t.measure = k.measure`,
);

/** The live activities measures (department[], year[], category[], code[]) may count: their category's, and those also counted for them. */
const CANDIDATES = `SELECT a.activity_id, a.department, a.category, a.day, a.active, a.parent_id, a.attributes, a.also_counts_for
    FROM ${INDICATOR_ACTIVITIES_TABLE} a
    JOIN unnest($1::text[], $2::int[], $3::text[]) AS k(department, year, category)
      ON a.department = k.department AND a.year = k.year AND a.category = k.category
    WHERE a.active
  UNION ALL
  SELECT a.activity_id, a.department, a.category, a.day, a.active, a.parent_id, a.attributes, a.also_counts_for
    FROM ${INDICATOR_ACTIVITIES_TABLE} a
    JOIN unnest($1::text[], $2::int[], $4::text[]) AS k(department, year, code)
      ON a.department = k.department AND a.year = k.year AND k.code = ANY(a.also_counts_for)
    WHERE a.active AND a.also_counts_for <> '{}'`;

/**
 * Adds the deltas to their rows (numeric totals: exact for 万元 amounts; trailing zeros trimmed, so
 * that 1.5 + 0.25 − 0.25 is stored as a rebuild stores it, 1.5).
 */
const addDays = (p: string) => `d AS (
    SELECT * FROM json_to_recordset(${p}::json)
      AS x(department text, year int, measure text, day text, count int, projects int, total numeric)
  )
  INSERT INTO ${INDICATOR_DAYS_TABLE} AS r (department, year, measure, day, count, projects, total)
  SELECT department, year, measure, day, sum(count)::int, sum(projects)::int, trim_scale(sum(total))
  FROM d GROUP BY department, year, measure, day
  ON CONFLICT (department, year, measure, day) DO UPDATE SET
    count = r.count + excluded.count, projects = r.projects + excluded.projects, total = trim_scale(r.total + excluded.total)`;

const SAVE_MEASURES = `WITH ${saveMeasures('$1')} SELECT 1`;
const SAVE_ACTIVITIES = `WITH ${saveActivities('$1')} SELECT 1`;
const DELETE_MEMBERS = `WITH ${deleteMembers('$1', '$2')} SELECT 1`;
const SAVE_MEMBERS = `WITH ${saveMembers('$1')} SELECT 1`;
const ADD = `WITH ${addDays('$1')}`;
/**
 * A batch's writes in one statement when no measure is counted again (the parts touch different
 * rows: members removed and saved are different keys): one round trip instead of up to five.
 */
const WRITE_BATCH = `WITH ${saveMeasures('$1')}, ${saveActivities('$2')}, ${deleteMembers('$3', '$4')}, ${saveMembers('$5')},
  ${addDays('$6')}`;

/** Rows left without a counted activity go. */
const PRUNE = `DELETE FROM ${INDICATOR_DAYS_TABLE} r
  USING unnest($1::text[], $2::int[], $3::text[], $4::text[]) AS k(department, year, measure, day)
  WHERE r.department = k.department AND r.year = k.year AND r.measure = k.measure AND r.day = k.day AND r.count <= 0`;

const fromRow = (row: ActivityRow): CountedActivity => ({
  id: row.activity_id,
  department: row.department,
  category: row.category,
  occurredOn: row.day,
  active: row.active,
  parentId: row.parent_id,
  attributes: row.attributes,
  alsoCountsFor: row.also_counts_for,
});

const sameMember = (a: Membership, b: Membership) =>
  a.department === b.department && a.year === b.year && a.day === b.day && a.root === b.root && a.value === b.value;

/**
 * The indicator counts, kept incrementally per batch (the runner's transaction, one statement per
 * step whatever the batch's size):
 *
 * 1. the activities the batch touches are read once (none for those it records) and their events
 *    folded in memory, and the measures defined in the batch are folded over those of their
 *    department-year; a measure whose rule (kind, category, filters, attribute) changed is counted
 *    again below, from the projection's own activities (never another projection's table: that one
 *    may stand at another checkpoint);
 * 2. each changed activity's memberships (the measures counting it, with day, project and value)
 *    before and after the batch are compared: what it no longer counts for is taken off its day
 *    row, what it now counts for is added (an activity moved to another day or year moves between
 *    rows). The stored memberships are always membershipsOf(stored activity, stored measures) (a
 *    measure whose rule changed is counted again), so those before are worked out, not read;
 * 3. a project counts on the day of its first counted activity: the first day of its other
 *    activities is read once, the batch's own are known before and after, and a project whose
 *    first day changed moves between rows.
 *
 * Figures are a function of the activities' and measures' final state, so the order of the batch's
 * events between streams does not matter.
 */
export const indicatorCountsProjection: Projection = {
  name: 'indicator-counts',
  version: 1,
  tables: [INDICATOR_DAYS_TABLE, INDICATOR_MEMBERS_TABLE, INDICATOR_ACTIVITIES_TABLE, INDICATOR_MEASURES_TABLE],
  async apply(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    const activityEvents = events.filter(isActivityEvent);
    const measureEvents = events.filter((e) => e.type === PlanEvents.measureDefined);
    if (activityEvents.length === 0 && measureEvents.length === 0) return;

    // 1. Activities: before and after the batch.
    const before = await activitiesBefore(activityEvents, async (ids) => {
      const loaded = await tx.query<ActivityRow>({ name: 'ind_load_activities', text: LOAD_ACTIVITIES, values: [ids] });
      return new Map(loaded.rows.map((row) => [row.activity_id, fromRow(row)]));
    });
    const after = activitiesAfter(before, activityEvents, countedActivityAfter);
    const changed: { was: CountedActivity | null; now: CountedActivity }[] = [];
    for (const [id, was] of before) {
      const now = after.get(id) ?? null;
      if (now && (was === null || !sameValue(was, now))) changed.push({ was, now });
    }

    // 1. Measures of the department-years concerned: as stored, then as the batch leaves them.
    const plans = new Map<string, { department: string; year: number }>();
    for (const { was, now } of changed) {
      for (const a of [was, now]) {
        if (a?.active) plans.set(planKey(a.department, yearOf(a.occurredOn)), { department: a.department, year: yearOf(a.occurredOn) });
      }
    }
    for (const e of measureEvents) {
      const d = e.data as MeasureDefined;
      plans.set(planKey(d.department, d.year), { department: d.department, year: d.year });
    }
    const measures = new Map<string, Map<string, Measure>>([...plans.keys()].map((key) => [key, new Map()]));
    if (plans.size > 0) {
      const keys = [...plans.values()];
      const found = await tx.query<MeasureKey & { measure: Measure }>({
        name: 'ind_load_measures',
        text: LOAD_MEASURES,
        values: [keys.map((k) => k.department), keys.map((k) => k.year)],
      });
      for (const row of found.rows) measures.get(planKey(row.department, row.year))!.set(row.code, row.measure);
    }
    const stored = (k: MeasureKey) => measures.get(planKey(k.department, k.year))?.get(k.code);
    const defined = new Map<string, MeasureKey & { measure: Measure }>();
    for (const e of measureEvents) {
      const d = e.data as MeasureDefined;
      const key = { department: d.department, year: d.year, code: d.measure.code };
      defined.set(measureId(key), { ...key, measure: d.measure });
    }
    const measuresToSave = [...defined.values()].filter((m) => !sameValue(stored(m) ?? null, m.measure));
    /** Measures whose rule changed: counted again from the activities. */
    const recount = measuresToSave.filter((m) => !sameValue(rule(stored(m)) ?? null, rule(m.measure)));
    const recounted = new Set(recount.map(measureId));
    for (const m of defined.values()) measures.get(planKey(m.department, m.year))!.set(m.code, m.measure);

    const measureRows = measuresToSave.map((m) => ({ department: m.department, year: m.year, code: m.code, measure: m.measure }));
    const activityRows = changed.map(({ was, now: a }) => ({
      stored: was !== null,
      id: a.id,
      department: a.department,
      category: a.category,
      day: a.occurredOn,
      active: a.active,
      parent_id: a.parentId,
      attributes: a.attributes,
      also: a.alsoCountsFor,
    }));
    let removedMembers: Membership[] = [];
    let savedMembers: Membership[] = [];

    const deltas: DayDelta[] = [];
    const counts = (m: Membership, sign: 1 | -1) =>
      deltas.push({
        department: m.department,
        year: m.year,
        measure: m.measure,
        day: m.day,
        count: sign,
        projects: 0,
        total: sign * m.value,
      });

    // 2. The changed activities' memberships (of measures not counted again below).
    if (changed.length > 0) {
      const kept = (m: Membership) => !recounted.has(measureId({ department: m.department, year: m.year, code: m.measure }));
      const membershipsIn = (a: CountedActivity | null) =>
        a ? membershipsOf(a, [...(measures.get(planKey(a.department, yearOf(a.occurredOn)))?.values() ?? [])]).filter(kept) : [];
      const was = new Map(changed.flatMap((c) => membershipsIn(c.was)).map((m) => [memberId(m), m]));
      const now = new Map(changed.flatMap((c) => membershipsIn(c.now)).map((m) => [memberId(m), m]));
      removedMembers = [...was.values()].filter((m) => !now.has(memberId(m)));
      savedMembers = [...now.values()].filter((m) => !was.has(memberId(m)) || !sameMember(was.get(memberId(m))!, m));
      const projects = new Map<string, Membership>();
      for (const m of [...was.values()].filter((m) => !now.has(memberId(m)) || !sameMember(now.get(memberId(m))!, m))) {
        counts(m, -1);
        projects.set(projectId(m), m);
      }
      for (const m of savedMembers) {
        counts(m, 1);
        projects.set(projectId(m), m);
      }
      if (projects.size > 0) {
        // The first day of each project: its other activities' (read, unless the batch records the
        // project: it has none), then the batch's own before and after.
        const recorded = recordedIn(activityEvents);
        const keys = [...projects.values()].filter((k) => !recorded.has(k.root));
        const found =
          keys.length === 0
            ? { rows: [] }
            : await tx.query<Pick<Membership, 'department' | 'year' | 'measure' | 'root' | 'day'> & { activity_id: string }>({
                name: 'ind_project_days',
                text: PROJECT_DAYS,
                values: [keys.map((k) => k.department), keys.map((k) => k.year), keys.map((k) => k.measure), keys.map((k) => k.root)],
              });
        const earliest = (first: Map<string, string>, m: Pick<Membership, 'department' | 'year' | 'measure' | 'root' | 'day'>) => {
          const day = first.get(projectId(m));
          if (day === undefined || m.day < day) first.set(projectId(m), m.day);
        };
        const own = new Set(changed.map((c) => c.now.id));
        const others = new Map<string, string>();
        for (const row of found.rows) if (!own.has(row.activity_id)) earliest(others, row);
        const firstBefore = new Map(others);
        const firstAfter = new Map(others);
        for (const m of was.values()) earliest(firstBefore, m);
        for (const m of now.values()) earliest(firstAfter, m);
        for (const [id, m] of projects) {
          const [was, now] = [firstBefore.get(id), firstAfter.get(id)];
          if (was === now) continue;
          if (was) deltas.push({ ...dayOf(m, was), projects: -1 });
          if (now) deltas.push({ ...dayOf(m, now), projects: 1 });
        }
      }
    }

    if (recount.length === 0) {
      if (measureRows.length + activityRows.length + removedMembers.length + savedMembers.length + deltas.length > 0) {
        await tx.query({
          name: 'ind_write_batch',
          text: WRITE_BATCH,
          values: [
            JSON.stringify(measureRows),
            JSON.stringify(activityRows),
            removedMembers.map((m) => m.activityId),
            removedMembers.map((m) => m.measure),
            JSON.stringify(savedMembers.map(memberRow)),
            JSON.stringify(deltas),
          ],
        });
      }
    } else {
      // The candidates below are read from the saved activities, so everything is written in turn.
      if (measureRows.length > 0) await tx.query({ name: 'ind_save_measures', text: SAVE_MEASURES, values: [JSON.stringify(measureRows)] });
      if (activityRows.length > 0) {
        await tx.query({ name: 'ind_save_activities', text: SAVE_ACTIVITIES, values: [JSON.stringify(activityRows)] });
      }
      if (removedMembers.length > 0) {
        await tx.query({
          name: 'ind_delete_members',
          text: DELETE_MEMBERS,
          values: [removedMembers.map((m) => m.activityId), removedMembers.map((m) => m.measure)],
        });
      }
      if (savedMembers.length > 0) {
        await tx.query({ name: 'ind_save_members', text: SAVE_MEMBERS, values: [JSON.stringify(savedMembers.map(memberRow))] });
      }
      // 1. Measures whose rule changed: everything of theirs goes, and is counted again from the activities.
      const departments = recount.map((m) => m.department);
      const years = recount.map((m) => m.year);
      for (const [i, text] of FORGET_MEASURES.entries()) {
        await tx.query({ name: `ind_forget_measures_${i}`, text, values: [departments, years, recount.map((m) => m.code)] });
      }
      const counting = recount.filter((m) => m.measure.kind !== 'measured');
      const members: Membership[] = [];
      if (counting.length > 0) {
        const candidates = await tx.query<ActivityRow>({
          name: 'ind_candidates',
          text: CANDIDATES,
          values: [
            counting.map((m) => m.department),
            counting.map((m) => m.year),
            counting.map((m) => m.measure.category ?? ''),
            counting.map((m) => m.code),
          ],
        });
        const byPlan = new Map<string, CountedActivity[]>();
        const seen = new Set<string>();
        for (const row of candidates.rows) {
          if (seen.has(row.activity_id)) continue;
          seen.add(row.activity_id);
          const a = fromRow(row);
          const key = planKey(a.department, yearOf(a.occurredOn));
          const list = byPlan.get(key);
          if (list) list.push(a);
          else byPlan.set(key, [a]);
        }
        for (const m of counting) {
          for (const a of byPlan.get(planKey(m.department, m.year)) ?? []) members.push(...membershipsOf(a, [m.measure]));
        }
      }
      if (members.length > 0) {
        await tx.query({ name: 'ind_save_members', text: SAVE_MEMBERS, values: [JSON.stringify(members.map(memberRow))] });
        const first = new Map<string, Membership>();
        for (const m of members) {
          counts(m, 1);
          const seen = first.get(projectId(m));
          if (!seen || m.day < seen.day) first.set(projectId(m), m);
        }
        for (const m of first.values()) deltas.push({ ...dayOf(m, m.day), projects: 1 });
      }
      if (deltas.length > 0) await tx.query({ name: 'ind_add', text: ADD, values: [JSON.stringify(deltas)] });
    }

    const emptied = mayEmpty(deltas, dayId);
    if (emptied.length > 0) {
      await tx.query({
        name: 'ind_prune',
        text: PRUNE,
        values: [emptied.map((d) => d.department), emptied.map((d) => d.year), emptied.map((d) => d.measure), emptied.map((d) => d.day)],
      });
    }
  },
};

function dayOf(m: Membership, day: string): DayDelta {
  return { department: m.department, year: m.year, measure: m.measure, day, count: 0, projects: 0, total: 0 };
}

function memberRow(m: Membership) {
  return {
    activity_id: m.activityId,
    measure: m.measure,
    department: m.department,
    year: m.year,
    day: m.day,
    root: m.root,
    value: m.value,
  };
}
