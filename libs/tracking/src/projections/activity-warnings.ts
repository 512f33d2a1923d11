import type { PoolClient } from 'pg';
import type { Projection, StoredEvent } from '@app/event-store';
import { evolveActivity, isActivityEvent, type Activity } from '../domain/activity';
import { yearOf } from '../domain/dates';
import { byDayThenId, duplicateGroupOf, outsideParentYear, warningFactsOf } from '../domain/warning-facts';
import { likelyDuplicateWarnings } from '../domain/warnings';
import { activitiesAfter, activitiesBefore, recordedIn } from './activities-before';

/** Each activity's document and what finds the activities a warning can concern (WarningFacts). */
export const WARNING_ACTIVITIES_TABLE = 'rm_warning_activities';
/** The likely duplicates of each department, category and day, in the warnings' order. */
export const WARNING_DUPLICATES_TABLE = 'rm_warning_duplicates';

const LOAD = `SELECT doc FROM ${WARNING_ACTIVITIES_TABLE} WHERE activity_id = ANY($1::text[])`;

/**
 * The parts of these projects, with their project's year as stored: one index probe per project.
 * As `parent_id = ANY($1)` the planner took each of a few hundred ids to match 0.5 % of the table
 * when the table had no statistics (autovacuum off, or a rebuild just truncated it), and read the
 * whole table every batch: 60 % of PostgreSQL's time in a catch-up of a million events.
 * OFFSET 0 keeps the subquery from being flattened into a join planned on the same guesses.
 */
const PARTS = `SELECT w.doc, w.outside_parent_year FROM unnest($1::text[]) AS p(id)
  CROSS JOIN LATERAL (SELECT doc, outside_parent_year FROM ${WARNING_ACTIVITIES_TABLE} WHERE parent_id = p.id OFFSET 0) w`;

/** The live activities of each group named (department[], category[], day[]). */
const GROUP_MEMBERS = `SELECT a.doc FROM ${WARNING_ACTIVITIES_TABLE} a
  JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(department, category, day) USING (department, category, day)
  WHERE a.active`;

const SAVE = `INSERT INTO ${WARNING_ACTIVITIES_TABLE} AS t (activity_id, department, year, category, day, active, parent_id,
    outside_parent_year, mentions_later_year, late_utc_days, exempt, also_counts, milestone, moved_out_years, doc)
  SELECT x.doc->>'id', x.doc->>'department', substr(x.doc->>'occurredOn', 1, 4)::int, x.doc->>'category', x.doc->>'occurredOn',
    x.doc->>'status' = 'active', x.doc->>'parentId', x.outside, x.later, x.late, x.exempt, x.also, x.milestone,
    ARRAY(SELECT jsonb_array_elements_text(x.moved)::int), x.doc
  FROM json_to_recordset($1::json) AS x(doc jsonb, outside int, later boolean, late double precision, exempt boolean,
    also boolean, milestone boolean, moved jsonb)
  ON CONFLICT (activity_id) DO UPDATE SET department = excluded.department, year = excluded.year, category = excluded.category,
    day = excluded.day, active = excluded.active, parent_id = excluded.parent_id, outside_parent_year = excluded.outside_parent_year,
    mentions_later_year = excluded.mentions_later_year, late_utc_days = excluded.late_utc_days, exempt = excluded.exempt,
    also_counts = excluded.also_counts, milestone = excluded.milestone, moved_out_years = excluded.moved_out_years, doc = excluded.doc`;

const SET_OUTSIDE = `UPDATE ${WARNING_ACTIVITIES_TABLE} t SET outside_parent_year = x.outside
  FROM json_to_recordset($1::json) AS x(id text, outside int) WHERE t.activity_id = x.id`;

const FORGET_DUPLICATES = `DELETE FROM ${WARNING_DUPLICATES_TABLE} d
  USING unnest($1::text[], $2::text[], $3::text[]) AS k(department, category, day)
  WHERE d.department = k.department AND d.category = k.category AND d.day = k.day`;

const SAVE_DUPLICATES = `INSERT INTO ${WARNING_DUPLICATES_TABLE} (department, year, category, day, first_id, place, message, first, second)
  SELECT x.department, substr(x.day, 1, 4)::int, x.category, x.day, x.first_id, x.place, x.message, x.first, x.second
  FROM json_to_recordset($1::json)
    AS x(department text, category text, day text, first_id text, place int, message text, first text, second text)`;

interface Group {
  department: string;
  category: string;
  day: string;
}

/** Whether a change can move the likely duplicates: what groups an activity and what the check compares. */
const sameForDuplicates = (was: Activity, now: Activity): boolean =>
  was.status === now.status &&
  was.department === now.department &&
  was.category === now.category &&
  was.occurredOn === now.occurredOn &&
  was.title === now.title &&
  was.parentId === now.parentId;

/**
 * The warnings read model, kept incrementally from its own tables: per batch, the documents of the
 * activities it touches are read once (none for those it records) and evolved; each is saved with
 * its WarningFacts and its project's year; the parts of a project that changed get their project's
 * year again; and each category-day group a change can concern has its likely duplicates found
 * again by the pure check over the group's live activities.
 */
export const activityWarningsProjection: Projection = {
  name: 'activity-warnings',
  version: 1,
  tables: [WARNING_ACTIVITIES_TABLE, WARNING_DUPLICATES_TABLE],
  async apply(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    const mine = events.filter(isActivityEvent);
    if (mine.length === 0) return;
    const load = async (ids: string[]) => {
      const found = await tx.query<{ doc: Activity }>({ name: 'warn_load', text: LOAD, values: [ids] });
      return new Map(found.rows.map((r) => [r.doc.id, r.doc]));
    };
    const before = await activitiesBefore(mine, load);
    const after = activitiesAfter(before, mine, evolveActivity);
    const changed = [...after.values()].filter((a): a is Activity => a !== null);
    if (changed.length === 0) return;

    // Projects outside the batch, for their parts' year; parts outside the batch of projects in it
    // (a project the batch records has none: a part names an existing project).
    const outsideIds = [...new Set(changed.map((a) => a.parentId).filter((p): p is string => p !== null && !after.has(p)))];
    const projects = outsideIds.length > 0 ? await load(outsideIds) : new Map<string, Activity>();
    const recorded = recordedIn(mine);
    const projectIds = changed.filter((a) => !recorded.has(a.id)).map((a) => a.id);
    const parts =
      projectIds.length > 0
        ? (await tx.query<{ doc: Activity; outside_parent_year: number | null }>({ name: 'warn_parts', text: PARTS, values: [projectIds] }))
            .rows
        : [];
    const projectOf = (a: Activity) => (a.parentId === null ? null : (after.get(a.parentId) ?? projects.get(a.parentId) ?? null));

    await tx.query({
      name: 'warn_save',
      text: SAVE,
      values: [
        JSON.stringify(
          changed.map((a) => {
            const facts = warningFactsOf(a);
            return {
              doc: a,
              outside: outsideParentYear(a, projectOf(a)),
              later: facts.mentionsLaterYear,
              late: facts.lateUtcDays,
              exempt: facts.exempt,
              also: facts.alsoCounts,
              milestone: facts.milestone,
              moved: facts.movedOutYears,
            };
          }),
        ),
      ],
    });
    const moved = parts
      .filter((p) => !after.has(p.doc.id))
      .map((p) => ({ id: p.doc.id, outside: outsideParentYear(p.doc, projectOf(p.doc)), was: p.outside_parent_year }))
      .filter((p) => p.outside !== p.was);
    if (moved.length > 0) {
      await tx.query({
        name: 'warn_set_outside',
        text: SET_OUTSIDE,
        values: [JSON.stringify(moved.map(({ id, outside }) => ({ id, outside })))],
      });
    }

    const groups = new Map<string, Group>();
    const touch = (a: Activity | null) => {
      if (a?.status === 'active') groups.set(duplicateGroupOf(a), { department: a.department, category: a.category, day: a.occurredOn });
    };
    for (const now of changed) {
      const was = before.get(now.id) ?? null;
      if (was && sameForDuplicates(was, now)) continue;
      touch(was);
      touch(now);
    }
    if (groups.size > 0) await saveDuplicates(tx, [...groups.values()], after);
  },
};

/** Finds the likely duplicates of these groups again: their live activities as stored, the batch's as they are now. */
async function saveDuplicates(tx: PoolClient, groups: Group[], batch: ReadonlyMap<string, Activity | null>): Promise<void> {
  const columns = [groups.map((g) => g.department), groups.map((g) => g.category), groups.map((g) => g.day)];
  const stored = await tx.query<{ doc: Activity }>({ name: 'warn_group_members', text: GROUP_MEMBERS, values: columns });
  const members = new Map<string, Activity[]>(groups.map((g) => [duplicateGroupOf({ ...g, occurredOn: g.day }), []]));
  const add = (a: Activity) => members.get(duplicateGroupOf(a))?.push(a);
  for (const { doc } of stored.rows) if (!batch.has(doc.id)) add(doc);
  for (const a of batch.values()) if (a?.status === 'active') add(a);

  const rows: object[] = [];
  for (const group of groups) {
    const activities = members.get(duplicateGroupOf({ ...group, occurredOn: group.day }))!.sort(byDayThenId);
    const found = likelyDuplicateWarnings({ department: group.department, year: yearOf(group.day) }, activities);
    found.forEach((w, place) =>
      rows.push({ ...group, first_id: activities[0].id, place, message: w.message, first: w.activityIds[0], second: w.activityIds[1] }),
    );
  }
  await tx.query({ name: 'warn_forget_duplicates', text: FORGET_DUPLICATES, values: columns });
  if (rows.length > 0) await tx.query({ name: 'warn_save_duplicates', text: SAVE_DUPLICATES, values: [JSON.stringify(rows)] });
}
