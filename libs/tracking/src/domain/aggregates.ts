import type { StoredEvent } from '@app/event-store';
import { ActivityEvents, type Activity, type ActivityAmended, type ActivityMoved, type ActivityRecorded } from './activity';
import type { Attributes } from './attributes';
import type { CategorySpec } from './catalog';
import { yearOf } from './dates';

/**
 * The dashboard's figures, kept per department, year, category and day (the row key) so that a
 * year's months, categories and sums, as of any day, add up a few hundred rows instead of every
 * activity of the year. Later figures (三公, indicators) join `sums` or new columns of the same row.
 */
export interface AggregateRow {
  department: string;
  year: number;
  category: string;
  /** The day the activities happened (YYYY-MM-DD). */
  day: string;
  /** Live (not withdrawn) activities of the category that happened that day. */
  count: number;
  /**
   * Projects (an activity without a parent, or the project its parts name) of the category whose
   * first live activity of the year happened that day: a prefix of days adds up to the distinct
   * projects that had started by then, however many parts each has.
   */
  projects: number;
  /** Numeric attributes (integer, amount: 参与人数, 费用…) summed over those activities; zero sums left out. */
  sums: Record<string, number>;
}

/** What one activity adds to the figures: all an incremental projection must remember of it. */
export interface TrackedActivity {
  id: string;
  department: string;
  category: string;
  occurredOn: string;
  active: boolean;
  /** The project it counts toward: its parent, or itself. */
  root: string;
  /** Its numeric attributes. */
  sums: Record<string, number>;
}

/** The numeric attributes of an activity (integer and amount attributes hold numbers, nothing else does). */
export function numericAttributes(attributes: Attributes | null | undefined): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) sums[name] = value;
  }
  return sums;
}

export function trackedOf(activity: Activity): TrackedActivity {
  return {
    id: activity.id,
    department: activity.department,
    category: activity.category,
    occurredOn: activity.occurredOn,
    active: activity.status === 'active',
    root: activity.parentId ?? activity.id,
    sums: numericAttributes(activity.attributes),
  };
}

/** evolve: the activity's contribution after one of its events (null before it is recorded). */
export function trackAfter(state: TrackedActivity | null, event: StoredEvent): TrackedActivity | null {
  const known = (): TrackedActivity => {
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
        root: d.parentId ?? d.activityId,
        sums: numericAttributes(d.attributes),
      };
    }
    case ActivityEvents.amended: {
      const s = known();
      const { changes } = event.data as ActivityAmended;
      return {
        ...s,
        ...(changes.category !== undefined ? { category: changes.category } : {}),
        ...(changes.occurredOn !== undefined ? { occurredOn: changes.occurredOn } : {}),
        ...(changes.attributes !== undefined ? { sums: numericAttributes(changes.attributes) } : {}),
        ...(changes.parentId !== undefined ? { root: changes.parentId ?? s.id } : {}),
      };
    }
    case ActivityEvents.moved: {
      const d = event.data as ActivityMoved;
      return { ...known(), category: d.category, sums: numericAttributes(d.attributes) };
    }
    case ActivityEvents.withdrawn:
      return { ...known(), active: false };
    case ActivityEvents.restored:
      return { ...known(), active: true };
    default:
      return state;
  }
}

const rowKey = (r: { department: string; year: number; category: string; day: string }) =>
  `${r.department}\u0000${r.year}\u0000${r.category}\u0000${r.day}`;

/**
 * The rows recounted from activities (the truth the projection must equal, and the answer for
 * "as known at" replays): live activities by department, year, category and day.
 */
export function aggregateActivities(activities: readonly (Activity | TrackedActivity)[]): AggregateRow[] {
  const rows = new Map<string, AggregateRow>();
  const firstDay = new Map<string, { row: Omit<AggregateRow, 'count' | 'projects' | 'sums'> }>();
  for (const input of activities) {
    const a = 'status' in input ? trackedOf(input) : input;
    if (!a.active) continue;
    const year = yearOf(a.occurredOn);
    const at = { department: a.department, year, category: a.category, day: a.occurredOn };
    const key = rowKey(at);
    const row = rows.get(key) ?? { ...at, count: 0, projects: 0, sums: {} };
    row.count += 1;
    for (const [name, value] of Object.entries(a.sums)) row.sums[name] = (row.sums[name] ?? 0) + value;
    rows.set(key, row);
    const project = `${a.department}\u0000${year}\u0000${a.category}\u0000${a.root}`;
    const first = firstDay.get(project);
    if (!first || a.occurredOn < first.row.day) firstDay.set(project, { row: at });
  }
  for (const { row } of firstDay.values()) rows.get(rowKey(row))!.projects += 1;
  return [...rows.values()].map((row) => ({ ...row, sums: cleanSums(row.sums) })).sort((a, b) => compare(rowKey(a), rowKey(b)));
}

/** Sums rounded to 6 decimals (amounts are 万元), zeros left out, keys in order. */
function cleanSums(sums: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(sums)
      .map(([name, value]) => [name, round6(value)] as const)
      .filter(([, value]) => value !== 0)
      .sort(([a], [b]) => compare(a, b)),
  );
}

/** To 6 decimals (float noise of adding 万元 amounts gone); never -0. */
export function round6(n: number): number {
  return Number(n.toFixed(6)) || 0;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface AggregateMonth {
  /** 1–12 */
  month: number;
  category: string;
  count: number;
  /** Projects whose first activity of the year happened in this month. */
  projects: number;
}

export interface AggregateCategory {
  category: string;
  /** The category's name in the department's catalog (its code only when the catalog no longer has it). */
  label: string;
  count: number;
  projects: number;
  sums: Record<string, number>;
}

/** The dashboard's figures of a department-year as of a day. */
export interface AggregatesSummary {
  byMonth: AggregateMonth[];
  byCategory: AggregateCategory[];
  /** Each numeric attribute summed over every category (e.g. cost: the year's recorded 三公 and other costs). */
  sums: Record<string, number>;
  /** What each summed attribute is called (参与人数, 费用（万元）…). */
  sumLabels: Record<string, string>;
}

/**
 * Adds up a department-year's rows with day ≤ `asOf` (all when absent): by month and category,
 * by category, and in total. Its cost is the number of rows: categories × days, never activities.
 */
export function summarizeAggregates(rows: readonly AggregateRow[], catalog: readonly CategorySpec[], asOf?: string): AggregatesSummary {
  const months = new Map<string, AggregateMonth>();
  const categories = new Map<string, AggregateCategory>();
  const sums: Record<string, number> = {};
  for (const row of rows) {
    if (asOf !== undefined && row.day > asOf) continue;
    const month = Number(row.day.slice(5, 7));
    const monthKey = `${String(month).padStart(2, '0')}\u0000${row.category}`;
    const m = months.get(monthKey) ?? { month, category: row.category, count: 0, projects: 0 };
    m.count += row.count;
    m.projects += row.projects;
    months.set(monthKey, m);
    const c = categories.get(row.category) ?? {
      category: row.category,
      label: catalog.find((spec) => spec.code === row.category)?.label ?? row.category,
      count: 0,
      projects: 0,
      sums: {},
    };
    c.count += row.count;
    c.projects += row.projects;
    for (const [name, value] of Object.entries(row.sums)) {
      c.sums[name] = (c.sums[name] ?? 0) + value;
      sums[name] = (sums[name] ?? 0) + value;
    }
    categories.set(row.category, c);
  }
  const order = new Map(catalog.map((spec, i) => [spec.code, i]));
  const byCatalog = (a: string, b: string) => (order.get(a) ?? order.size) - (order.get(b) ?? order.size) || compare(a, b);
  const sumLabels: Record<string, string> = {};
  for (const name of Object.keys(sums).sort(compare)) {
    const spec = catalog.flatMap((c) => c.attributes).find((attribute) => attribute.name === name);
    sumLabels[name] = spec?.label ?? name;
  }
  return {
    byMonth: [...months.values()].sort((a, b) => a.month - b.month || byCatalog(a.category, b.category)),
    byCategory: [...categories.values()].sort((a, b) => byCatalog(a.category, b.category)).map((c) => ({ ...c, sums: cleanSums(c.sums) })),
    sums: cleanSums(sums),
    sumLabels,
  };
}
