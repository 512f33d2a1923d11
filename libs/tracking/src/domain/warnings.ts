import type { Activity } from './activity';
import { yearOf } from './dates';
import { activitiesCountedBy, ActivityIndex, planLabel } from './progress';
import type { YearEndWarningKind } from './year-end-warnings';
import type { Measure, Plan } from './plan';

export type WarningKind =
  | 'date-mismatch'
  | 'part-outside-year'
  | 'conflicting-targets'
  | 'target-without-activity'
  | 'likely-duplicate'
  | 'unknown-measure'
  | YearEndWarningKind
  | SangongWarningKind;

/** Findings on the 三公 records and lines (domain/sangong/warnings.ts). */
export type SangongWarningKind =
  'sangong-no-approval' | 'sangong-outside-year' | 'sangong-over-standard' | 'sangong-over-budget' | 'sangong-pace-overrun';

/** Every warning kind, in no particular order (the api validates a `kind` filter against it). */
const KINDS: Record<WarningKind, true> = {
  'date-mismatch': true,
  'part-outside-year': true,
  'conflicting-targets': true,
  'target-without-activity': true,
  'likely-duplicate': true,
  'unknown-measure': true,
  'missing-deviation-analysis': true,
  'late-entry': true,
  'moved-out-of-year': true,
  'sangong-no-approval': true,
  'sangong-outside-year': true,
  'sangong-over-standard': true,
  'sangong-over-budget': true,
  'sangong-pace-overrun': true,
};
export const WARNING_KINDS = Object.keys(KINDS) as readonly WarningKind[];

/** A data-quality finding the report author must see before publishing. */
export interface DataQualityWarning {
  kind: WarningKind;
  message: string;
  activityIds: string[];
  measure: string | null;
  /** The 三公 records it concerns (三公 warnings only). */
  recordIds?: string[];
}

const YEAR_IN_TEXT = /(?<!\d)(19|20)\d{2}(?!\d)/g;

/** Pure checks over a department-year: never drops or fixes anything, only reports. */
export function dataQualityWarnings(plan: Plan, input: readonly Activity[] | ActivityIndex): DataQualityWarning[] {
  const index = input instanceof ActivityIndex ? input : new ActivityIndex(input);
  const activities = index.all;
  return [
    ...activityWarnings(plan, activities),
    ...targetWarnings(plan, (measure) => activitiesCountedBy(measure, index.candidatesFor(measure), plan.year).length === 0),
    ...likelyDuplicateWarnings(plan, activities),
  ];
}

/** Activities of the plan's department whose status is active. */
const activeOf = (plan: Pick<Plan, 'department'>, activities: readonly Activity[]) =>
  activities.filter((a) => a.status === 'active' && a.department === plan.department);

/**
 * The findings of single activities and of a part and its project (date-mismatch,
 * part-outside-year, unknown-measure), in dataQualityWarnings' order. Each concerns activities
 * that are in `activities` along with the project a part names: any superset of those gives the
 * same findings.
 */
export function activityWarnings(
  plan: Pick<Plan, 'department' | 'year' | 'measures'>,
  activities: readonly Activity[],
): DataQualityWarning[] {
  const warnings: DataQualityWarning[] = [];
  const active = activeOf(plan, activities);
  const inYear = active.filter((a) => yearOf(a.occurredOn) === plan.year);
  const byId = new Map(active.map((a) => [a.id, a]));

  for (const a of inYear) {
    const later = laterYearsInTitle(a.title, plan.year);
    if (later.length > 0) {
      warnings.push({
        kind: 'date-mismatch',
        message: `“${a.title}”记为 ${a.occurredOn}，标题却提到 ${later.join('、')} 年：请核对日期或标题`,
        activityIds: [a.id],
        measure: null,
      });
    }
  }

  for (const a of active) {
    const parent = a.parentId ? byId.get(a.parentId) : undefined;
    if (
      parent &&
      yearOf(parent.occurredOn) !== yearOf(a.occurredOn) &&
      (yearOf(parent.occurredOn) === plan.year || yearOf(a.occurredOn) === plan.year)
    ) {
      warnings.push({
        kind: 'part-outside-year',
        message: `“${a.title}”（${a.occurredOn}）属于项目“${parent.title}”（${parent.occurredOn}），两者不在同一年度`,
        activityIds: [a.id, parent.id],
        measure: null,
      });
    }
  }

  const measureCodes = new Set(plan.measures.map((m) => m.code));
  for (const a of inYear) {
    for (const code of a.alsoCountsFor.filter((c) => !measureCodes.has(c))) {
      warnings.push({
        kind: 'unknown-measure',
        // The code itself means nothing to a reader; `measure` keeps it for the screens that link to the record.
        message: `“${a.title}”另计入的指标在 ${plan.year} 年度未定义：请核对该记录的“同时计入”`,
        activityIds: [a.id],
        measure: code,
      });
    }
  }
  return warnings;
}

/** The years after `year` a title mentions (a date-mismatch when any). */
export function laterYearsInTitle(title: string, year: number): number[] {
  return [...title.matchAll(YEAR_IN_TEXT)].map((m) => Number(m[0])).filter((y) => y > year);
}

/**
 * The findings of the plan's targets (conflicting-targets, target-without-activity), measure by
 * measure. `countsNothing`: whether a counted measure counts no activity in the whole year.
 */
export function targetWarnings(plan: Plan, countsNothing: (measure: Measure) => boolean): DataQualityWarning[] {
  const warnings: DataQualityWarning[] = [];
  for (const measure of plan.measures) {
    const targets = plan.targets.filter((t) => t.measure === measure.code);
    const values = new Set(targets.map((t) => `${t.direction}${t.value}`));
    if (values.size > 1) {
      warnings.push({
        kind: 'conflicting-targets',
        message: `指标“${measure.name}”在不同计划中目标不一致：${targets
          .map((t) => `${planLabel(t.plan, plan.projects)} ${t.direction === '>=' ? '≥' : '≤'}${t.value}${t.unit || measure.unit}`)
          .join('；')}`,
        activityIds: [],
        measure: measure.code,
      });
    }
    if (targets.length > 0) {
      const empty = measure.kind === 'measured' ? !plan.measurements.some((m) => m.measure === measure.code) : countsNothing(measure);
      if (empty) {
        warnings.push({
          kind: 'target-without-activity',
          message:
            measure.kind === 'measured' ? `指标“${measure.name}”有目标值但尚未录入实际值` : `指标“${measure.name}”有目标值但尚无计入的活动`,
          activityIds: [],
          measure: measure.code,
        });
      }
    }
  }
  return warnings;
}

/**
 * Pairs of live activities of the year with the same category and day and nearly the same title
 * (a part and its own project excepted), group by group in the order of the activities' first
 * member, pair by pair in the activities' order.
 */
export function likelyDuplicateWarnings(plan: Pick<Plan, 'department' | 'year'>, activities: readonly Activity[]): DataQualityWarning[] {
  const warnings: DataQualityWarning[] = [];
  const groups = new Map<string, Activity[]>();
  for (const a of activeOf(plan, activities)) {
    if (yearOf(a.occurredOn) !== plan.year) continue;
    const key = `${a.category}|${a.occurredOn}`;
    const group = groups.get(key);
    if (group) group.push(a);
    else groups.set(key, [a]);
  }
  for (const group of groups.values()) {
    const titles = group.map((a) => normalise(a.title));
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        if (group[i].parentId === group[j].id || group[j].parentId === group[i].id) continue;
        if (similarAtLeast(titles[i], titles[j], 0.85)) {
          warnings.push({
            kind: 'likely-duplicate',
            message: `可能重复录入：“${group[i].title}”与“${group[j].title}”（同类别、同日期）`,
            activityIds: [group[i].id, group[j].id],
            measure: null,
          });
        }
      }
    }
  }
  return warnings;
}

function normalise(title: string): string {
  return title.replace(/[\s“”"《》（）()、，,。.·—-]/g, '').toLowerCase();
}

/** 1 − edit distance / longer length. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  if (Math.abs(a.length - b.length) / longer > 0.15) return 0;
  // Two rows of the edit-distance table (a report compares tens of thousands of pairs).
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (code === b.charCodeAt(j - 1) ? 0 : 1));
    }
    [previous, current] = [current, previous];
  }
  return 1 - previous[b.length] / longer;
}

/** Two reusable rows of the edit-distance table (grown when a longer title comes). */
let rows = [new Uint32Array(64), new Uint32Array(64)];

/**
 * Whether similarity(a, b) ≥ min, computing only the band of the edit-distance table that can
 * still pass and stopping as soon as no cell of a row can: the duplicate check compares tens of
 * thousands of pairs, nearly all of them far apart.
 */
export function similarAtLeast(a: string, b: string, min: number): boolean {
  if (a === b) return 1 >= min;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1 >= min;
  if (Math.abs(a.length - b.length) / longer > 0.15) return 0 >= min;
  // The largest distance that passes, with the same arithmetic as similarity (1 − d / longer ≥ min).
  let limit = Math.min(longer, Math.floor((1 - min) * longer) + 2);
  while (limit >= 0 && !(1 - limit / longer >= min)) limit--;
  if (limit < 0 || Math.abs(a.length - b.length) > limit) return false;
  // Cells farther than `limit` from the diagonal exceed it anyway: they are capped at limit + 1.
  const cap = limit + 1;
  if (rows[0].length <= b.length) rows = [new Uint32Array(b.length + 1), new Uint32Array(b.length + 1)];
  let [previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = Math.min(j, cap);
  for (let i = 1; i <= a.length; i++) {
    current.fill(cap, 0, b.length + 1);
    current[0] = Math.min(i, cap);
    let rowMin = current[0];
    const code = a.charCodeAt(i - 1);
    for (let j = Math.max(1, i - limit); j <= Math.min(b.length, i + limit); j++) {
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (code === b.charCodeAt(j - 1) ? 0 : 1), cap);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    // Every path to the last cell crosses this row, and distances never decrease along a path.
    if (rowMin > limit) return false;
    [previous, current] = [current, previous];
  }
  return previous[b.length] <= limit;
}
