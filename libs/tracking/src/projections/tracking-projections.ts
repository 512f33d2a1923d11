import { documentProjection } from '@app/event-store';
import type { Projection, StoredEvent } from '@app/event-store';
import { ActivityEvents, evolveActivity, isActivityEvent, positionAfter, type Activity, type ActivityPosition } from '../domain/activity';
import { yearOf } from '../domain/dates';
import { evolveDepartment, type Department } from '../domain/department';
import { evolvePlan, type Plan } from '../domain/plan';
import { SANGONG_PROJECTIONS, SANGONG_READ_MODELS } from './sangong-projections';

/** One document per activity: its current fields and status. */
export const activitiesProjection = documentProjection<Activity>({
  name: 'activities',
  version: 1,
  table: 'rm_activities',
  keysOf: (event) => (isActivityEvent(event) ? [(event.data as { activityId: string }).activityId] : []),
  evolve: (doc, event) => evolveActivity(doc, event),
  // Recorded is the first event of an activity's stream ('no-stream'): there is no document yet.
  creates: (event) => event.type === ActivityEvents.recorded,
});

export const departmentsProjection = documentProjection<Department>({
  name: 'departments',
  version: 1,
  table: 'rm_departments',
  keysOf: (event) => (event.type.startsWith('department.') ? [(event.data as { code: string }).code] : []),
  evolve: (doc, event) => evolveDepartment(doc, event),
});

/** One document per department-year: measures, plans, targets, budgets, entered figures. */
export const plansProjection = documentProjection<Plan>({
  name: 'plans',
  version: 1,
  table: 'rm_plans',
  keysOf: (event) => {
    if (!event.type.startsWith('plan.')) return [];
    const d = event.data as { department: string; year: number };
    return [`${d.department}:${d.year}`];
  },
  evolve: (doc, event) => evolvePlan(doc, event),
});

export interface ActivityCounts {
  department: string;
  year: number;
  /** Active activities per category. */
  byCategory: Record<string, number>;
}

const countKey = (department: string, p: ActivityPosition) => `${department}:${yearOf(p.occurredOn)}`;

/** Active activities per category and year: moved, withdrawn and restored activities move between counts. */
export const activityCountsProjection = documentProjection<ActivityCounts>({
  name: 'activity-counts',
  version: 1,
  table: 'rm_activity_counts',
  keysOf: (event) => {
    const moved = positionAfter(event);
    if (!moved) return [];
    const department = (event.data as { department: string }).department;
    const keys = [countKey(department, moved.now)];
    if (moved.was) keys.push(countKey(department, moved.was));
    return [...new Set(keys)];
  },
  evolve: (doc, event, key) => evolveActivityCounts(doc, event, key),
});

/** The counts of one department-year (key `department:year`) after an event that moves an activity. */
export function evolveActivityCounts(doc: ActivityCounts | null, event: StoredEvent, key: string): ActivityCounts {
  const moved = positionAfter(event)!;
  const [department, year] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
  const counts = { ...(doc?.byCategory ?? {}) };
  let added = false;
  const bump = (p: ActivityPosition | null, by: number) => {
    if (!p || !p.active || countKey(department, p) !== key) return;
    if (counts[p.category] === undefined) added = true;
    counts[p.category] = (counts[p.category] ?? 0) + by;
    if (counts[p.category] === 0) delete counts[p.category];
  };
  bump(moved.was, -1);
  bump(moved.now, +1);
  // Removing a key keeps the order; only a new category needs sorting in.
  return { department, year, byCategory: added ? sortKeys(counts) : counts };
}

/** Category codes in code-unit order (localeCompare would consult ICU collation for every pair, per event). */
function sortKeys(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The projections whose read models progress and the report read (activity counts are not among them). */
export const PROGRESS_READ_MODELS: readonly string[] = [departmentsProjection.name, plansProjection.name, activitiesProjection.name];

export const TRACKING_PROJECTIONS: Projection[] = [
  departmentsProjection,
  activitiesProjection,
  plansProjection,
  activityCountsProjection,
  ...SANGONG_PROJECTIONS,
];

/** What a year-end report reads: progress's read models and the 三公 ones. */
export const REPORT_READ_MODELS: readonly string[] = [...PROGRESS_READ_MODELS, ...SANGONG_READ_MODELS];

export type { StoredEvent };
