import type { StoredEvent } from '@app/event-store';
import { ActivityEvents, type Activity, type ActivityAmended, type ActivityMoved, type ActivityRecorded } from './activity';
import type { Attributes } from './attributes';
import { yearOf } from './dates';
import type { Measure } from './plan';
import { activitiesCountedBy, type CountedFigure } from './progress';

/**
 * The indicator counts: each measure's figure per department, year and day, kept by the
 * indicator-counts projection so that a progress view as of a day adds up measures × days instead
 * of counting every activity of the year. The rules are progress.ts's (activitiesCountedBy): this
 * file only decides, for one activity and one measure, whether and how it counts.
 */

/** What the indicator counts remember of an activity: everything a measure's rule reads. */
export interface CountedActivity {
  id: string;
  department: string;
  category: string;
  occurredOn: string;
  active: boolean;
  parentId: string | null;
  attributes: Attributes;
  alsoCountsFor: string[];
}

/**
 * An activity a measure counts (its membership, the drill-down's record): the day it counts on, the
 * project it counts toward (its parent, or itself) and what it adds to a sum (0 for other kinds).
 */
export interface Membership {
  activityId: string;
  measure: string;
  department: string;
  /** The measure's plan year: the year of `day`. */
  year: number;
  day: string;
  root: string;
  value: number;
}

/** One row of the indicator counts: what a measure counted on one day. */
export interface IndicatorDay {
  department: string;
  year: number;
  measure: string;
  day: string;
  /** Activities counted that day. */
  count: number;
  /** Projects (roots) whose first counted activity happened that day: a prefix of days adds up to the distinct projects. */
  projects: number;
  /** The measure's attribute summed over the activities counted that day (sum measures; 0 otherwise). */
  total: number;
}

/** A measure's figures up to a day: the prefix of its days added up. */
export interface IndicatorFigure {
  count: number;
  projects: number;
  /** Exact decimal text when read from PostgreSQL (numeric), a number from a recount. */
  total: number | string;
}

export function countedActivityOf(a: Activity): CountedActivity {
  return {
    id: a.id,
    department: a.department,
    category: a.category,
    occurredOn: a.occurredOn,
    active: a.status === 'active',
    parentId: a.parentId ?? null,
    attributes: a.attributes ?? {},
    alsoCountsFor: a.alsoCountsFor ?? [],
  };
}

/** evolve: what the indicator counts know of an activity after one of its events (null before it is recorded). */
export function countedActivityAfter(state: CountedActivity | null, event: StoredEvent): CountedActivity | null {
  const known = (): CountedActivity => {
    if (!state) throw new Error(`${event.type} of an activity never recorded`);
    return state;
  };
  switch (event.type) {
    case ActivityEvents.recorded: {
      const d = event.data as ActivityRecorded;
      return {
        id: d.activityId,
        department: d.department,
        category: d.category,
        occurredOn: d.occurredOn,
        active: true,
        parentId: d.parentId ?? null,
        attributes: d.attributes ?? {},
        alsoCountsFor: d.alsoCountsFor ?? [],
      };
    }
    case ActivityEvents.amended: {
      const s = known();
      const { changes } = event.data as ActivityAmended;
      return {
        ...s,
        ...(changes.category !== undefined ? { category: changes.category } : {}),
        ...(changes.occurredOn !== undefined ? { occurredOn: changes.occurredOn } : {}),
        ...(changes.attributes !== undefined ? { attributes: changes.attributes ?? {} } : {}),
        ...(changes.parentId !== undefined ? { parentId: changes.parentId ?? null } : {}),
        ...(changes.alsoCountsFor !== undefined ? { alsoCountsFor: changes.alsoCountsFor ?? [] } : {}),
      };
    }
    case ActivityEvents.moved: {
      const d = event.data as ActivityMoved;
      return { ...known(), category: d.category, attributes: d.attributes ?? {} };
    }
    case ActivityEvents.withdrawn:
      return { ...known(), active: false };
    case ActivityEvents.restored:
      return { ...known(), active: true };
    default:
      return state;
  }
}

/** The fields progress.ts's rules read, as an Activity (the others are never looked at). */
function asActivity(a: CountedActivity): Activity {
  return {
    id: a.id,
    department: a.department,
    category: a.category,
    occurredOn: a.occurredOn,
    status: a.active ? 'active' : 'withdrawn',
    parentId: a.parentId,
    attributes: a.attributes,
    alsoCountsFor: a.alsoCountsFor,
  } as Activity;
}

/**
 * The measures (of the plan of the activity's department and year) that count the activity, with
 * the day, project and value it counts with: activitiesCountedBy decides, as for a recount.
 */
export function membershipsOf(activity: CountedActivity, measures: readonly Measure[]): Membership[] {
  if (!activity.active) return [];
  const year = yearOf(activity.occurredOn);
  const as = asActivity(activity);
  const found: Membership[] = [];
  for (const measure of measures) {
    if (activitiesCountedBy(measure, [as], year).length === 0) continue;
    const value = measure.kind === 'sum' ? activity.attributes[measure.attribute!] : 0;
    found.push({
      activityId: activity.id,
      measure: measure.code,
      department: activity.department,
      year,
      day: activity.occurredOn,
      root: activity.parentId ?? activity.id,
      value: typeof value === 'number' ? value : 0,
    });
  }
  return found;
}

const dayKey = (m: Pick<Membership, 'department' | 'year' | 'measure' | 'day'>) =>
  `${m.department}\u0000${m.year}\u0000${m.measure}\u0000${m.day}`;

/** The rows recounted from memberships (what the projection must hold): per department, year, measure and day. */
export function indicatorDaysOf(memberships: readonly Membership[]): IndicatorDay[] {
  const rows = new Map<string, IndicatorDay>();
  const first = new Map<string, Membership>();
  for (const m of memberships) {
    const key = dayKey(m);
    const row = rows.get(key) ?? {
      department: m.department,
      year: m.year,
      measure: m.measure,
      day: m.day,
      count: 0,
      projects: 0,
      total: 0,
    };
    row.count += 1;
    row.total += m.value;
    rows.set(key, row);
    const project = `${m.department}\u0000${m.year}\u0000${m.measure}\u0000${m.root}`;
    const seen = first.get(project);
    if (!seen || m.day < seen.day) first.set(project, m);
  }
  for (const m of first.values()) rows.get(dayKey(m))!.projects += 1;
  return [...rows.values()].sort((a, b) => (dayKey(a) < dayKey(b) ? -1 : dayKey(a) > dayKey(b) ? 1 : 0));
}

/** A measure's figure as progress.ts reports it: activities counted, distinct projects, or the sum (to 2 decimals). */
export function figureOf(measure: Pick<Measure, 'kind'>, figure: IndicatorFigure | undefined): CountedFigure {
  const count = figure?.count ?? 0;
  switch (measure.kind) {
    case 'count-distinct-parents':
      return { actual: figure?.projects ?? 0, activityCount: count };
    case 'sum':
      return { actual: round2(Number(figure?.total ?? 0)), activityCount: count };
    default:
      return { actual: count, activityCount: count };
  }
}

/** progress.ts's rounding of a sum (2 decimals). */
function round2(n: number): number {
  return Math.round((n + Number.EPSILON) * 100) / 100;
}
