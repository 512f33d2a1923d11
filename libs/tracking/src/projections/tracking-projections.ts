import { documentProjection } from '@app/event-store';
import type { Projection, StoredEvent } from '@app/event-store';
import { activityAggregatesProjection } from './activity-aggregates';
import { activityWarningsProjection } from './activity-warnings';
import { indicatorCountsProjection } from './indicator-counts';
import { ActivityEvents, activityIdOfEvent, evolveActivity, isActivityEvent, type Activity } from '../domain/activity';
import { evolveDepartment, type Department } from '../domain/department';
import { evolvePlan, type Plan } from '../domain/plan';
import { SANGONG_PROJECTIONS, SANGONG_READ_MODELS } from './sangong-projections';

/** One document per activity: its current fields and status (v2: imported, 补录 and the years it left). */
export const activitiesProjection = documentProjection<Activity>({
  name: 'activities',
  version: 2,
  table: 'rm_activities',
  keysOf: (event) => (isActivityEvent(event) ? [activityIdOfEvent(event)] : []),
  evolve: (doc, event) => evolveActivity(doc, event),
  // Recorded is the first event of an activity's stream ('no-stream'): there is no document yet.
  creates: (event) => event.type === ActivityEvents.recorded,
});

/** One document per department (v2: the catalog version adopted, its own labels, retired categories). */
export const departmentsProjection = documentProjection<Department>({
  name: 'departments',
  version: 2,
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

/** The projections whose read models progress and the report read (the dashboard's aggregates are not among them). */
export const PROGRESS_READ_MODELS: readonly string[] = [departmentsProjection.name, plansProjection.name, activitiesProjection.name];

export const TRACKING_PROJECTIONS: Projection[] = [
  departmentsProjection,
  activitiesProjection,
  plansProjection,
  activityAggregatesProjection,
  indicatorCountsProjection,
  activityWarningsProjection,
  ...SANGONG_PROJECTIONS,
];

/** What a year-end report reads: progress's read models and the 三公 ones. */
export const REPORT_READ_MODELS: readonly string[] = [...PROGRESS_READ_MODELS, ...SANGONG_READ_MODELS];

export { activityAggregatesProjection, activityWarningsProjection, indicatorCountsProjection };

export type { StoredEvent };
