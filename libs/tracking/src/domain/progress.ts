import type { Activity } from './activity';
import { MILESTONE_ATTRIBUTE, type CategorySpec } from './catalog';
import { yearElapsedFraction, yearOf } from './dates';
import { targetValueOn, type CarriedOver, type Direction, type Measure, type Plan, type PlanRef, type Target } from './plan';

/** Active, in the plan's year, and happened by `asOf` (inclusive) when given. */
function happenedInYear(activity: Activity, year: number, asOf?: string): boolean {
  return activity.status === 'active' && yearOf(activity.occurredOn) === year && (asOf === undefined || activity.occurredOn <= asOf);
}

function matchesWhere(measure: Measure, activity: Activity): boolean {
  return Object.entries(measure.where).every(([name, allowed]) => allowed.includes(activity.attributes[name] as never));
}

function countsToward(measure: Measure, activity: Activity): boolean {
  return (activity.category === measure.category && matchesWhere(measure, activity)) || activity.alsoCountsFor.includes(measure.code);
}

/** The activities a measure counts in the plan's year, up to `asOf` (inclusive) when given. */
export function activitiesCountedBy(measure: Measure, activities: readonly Activity[], year: number, asOf?: string): Activity[] {
  if (measure.kind === 'measured') return [];
  return activities.filter((a) => happenedInYear(a, year, asOf) && countsToward(measure, a));
}

/** Activities of the measure's category the filter leaves out (logged, shown, not counted). */
export function activitiesExcludedBy(measure: Measure, activities: readonly Activity[], year: number, asOf?: string): Activity[] {
  if (measure.kind === 'measured') return [];
  return activities.filter((a) => happenedInYear(a, year, asOf) && a.category === measure.category && !countsToward(measure, a));
}

const byDateThenId = (a: Activity, b: Activity): number =>
  a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * A department-year's activities grouped once, so that each measure and milestone looks only at
 * the activities that can concern it instead of scanning all of them (tens of thousands in a
 * large department, times every measure and milestone).
 */
export class ActivityIndex {
  private readonly ofCategory = new Map<string, Activity[]>();
  /** Activities that also count for named measures, whatever their category. */
  private readonly alsoCounting: Activity[] = [];
  private readonly position = new Map<Activity, number>();
  private readonly milestones = new Map<string, Activity[]>();
  private readonly candidates = new Map<string, Activity[]>();

  /**
   * `catalog`: the department's categories; an activity is milestone evidence when its category
   * declares `milestone: true`. Without it, any activity whose `milestone` attribute names a code
   * is (pure callers and tests that hold no catalog).
   */
  constructor(
    readonly all: readonly Activity[],
    catalog?: readonly CategorySpec[],
  ) {
    const milestoneCategories = catalog && new Set(catalog.filter((c) => c.milestone).map((c) => c.code));
    all.forEach((a, i) => {
      const list = this.ofCategory.get(a.category);
      if (list) list.push(a);
      else this.ofCategory.set(a.category, [a]);
      this.position.set(a, i);
      if (a.alsoCountsFor.length > 0) this.alsoCounting.push(a);
      const reached = a.attributes[MILESTONE_ATTRIBUTE];
      if (typeof reached === 'string' && (!milestoneCategories || milestoneCategories.has(a.category))) {
        const evidence = this.milestones.get(reached);
        if (evidence) evidence.push(a);
        else this.milestones.set(reached, [a]);
      }
    });
  }

  /**
   * The activities a measure can count or leave out, in input order: those of its category and
   * those that also count for named measures. activitiesCountedBy / activitiesExcludedBy over
   * this list find exactly what they find over all activities.
   */
  candidatesFor(measure: Measure): readonly Activity[] {
    let found = this.candidates.get(measure.code);
    if (!found) {
      const own = (measure.category !== null && this.ofCategory.get(measure.category)) || [];
      const others = this.alsoCounting.filter((a) => a.category !== measure.category);
      found = others.length === 0 ? own : this.inInputOrder(own, others);
      this.candidates.set(measure.code, found);
    }
    return found;
  }

  /** Two lists each in input order, merged into one in input order. */
  private inInputOrder(a: readonly Activity[], b: readonly Activity[]): Activity[] {
    const merged: Activity[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && this.position.get(a[i])! < this.position.get(b[j])!)) merged.push(a[i++]);
      else merged.push(b[j++]);
    }
    return merged;
  }

  /** The milestone activities naming `code` that happened in the year (up to `asOf`), oldest first. */
  milestoneEvidence(code: string, year: number, asOf?: string): Activity[] {
    return (this.milestones.get(code) ?? []).filter((a) => happenedInYear(a, year, asOf)).sort(byDateThenId);
  }
}

/** A counted measure's figure read elsewhere (the indicator-counts projection) instead of counted from activities. */
export interface CountedFigure {
  actual: number;
  /** Activities behind the figure (for count-distinct-parents: every part). */
  activityCount: number;
}

export interface MeasureValue {
  actual: number | null;
  /** Ids of the activities behind the figure (for count-distinct-parents: every part). */
  activityIds: string[];
}

export function evaluateMeasure(
  measure: Measure,
  plan: Plan,
  activities: readonly Activity[] | ActivityIndex,
  asOf?: string,
): MeasureValue {
  if (measure.kind === 'measured') {
    const latest = plan.measurements
      .filter((m) => m.measure === measure.code && (asOf === undefined || m.measuredOn <= asOf))
      .reduce<Plan['measurements'][number] | null>((best, m) => (!best || m.measuredOn >= best.measuredOn ? m : best), null);
    return { actual: latest ? latest.value : null, activityIds: [] };
  }
  const candidates = activities instanceof ActivityIndex ? activities.candidatesFor(measure) : activities;
  const counted = activitiesCountedBy(measure, candidates, plan.year, asOf);
  const activityIds = counted.map((a) => a.id);
  switch (measure.kind) {
    case 'count':
      return { actual: counted.length, activityIds };
    case 'count-distinct-parents':
      // A project made of parts counts once: the root of each counted activity.
      return { actual: new Set(counted.map((a) => a.parentId ?? a.id)).size, activityIds };
    case 'sum':
      return {
        actual: round(
          counted.reduce(
            (sum, a) => sum + (typeof a.attributes[measure.attribute!] === 'number' ? (a.attributes[measure.attribute!] as number) : 0),
            0,
          ),
        ),
        activityIds,
      };
  }
}

const asFigure = (value: MeasureValue) => ({ actual: value.actual, activityCount: value.activityIds.length });

export interface TargetProgress {
  targetId: string;
  plan: PlanRef;
  planLabel: string;
  direction: Direction;
  /** The value in force on the reference date (as of a day before a revision applies: the earlier value). */
  target: number;
  original: number;
  /** A revision is in force on the reference date. */
  revised: boolean;
  /** The day the revision in force applies from; null: the original is in force. */
  inForceFrom: string | null;
  /** The value as last decided (it may apply only from a later day than the reference date). */
  latest: number;
  unit: string;
  labels: Target['labels'];
  /** 分值 of the indicator, when the plan gives it. */
  points: number | null;
  /** 沿用上年: copied from another year's plan and not yet confirmed. */
  carriedOver: CarriedOver | null;
  met: boolean | null;
  /** actual / target for 正向, target / actual for 反向, capped at 1; null when not measured. */
  ratio: number | null;
  /**
   * The value an even year would have reached by the reference date (正向 targets of counted
   * measures only): a whole number for a countable measure (rounded: 2 场 and never 2.48 场),
   * 2 decimals otherwise.
   */
  expectedByNow: number | null;
  lagging: boolean;
}

export interface MeasureProgress {
  code: string;
  name: string;
  unit: string;
  kind: Measure['kind'];
  valueType: Measure['valueType'];
  actual: number | null;
  activityCount: number;
  targets: TargetProgress[];
}

export interface MilestoneProgress {
  keyWorkItem: number;
  code: string;
  title: string;
  done: boolean;
  doneOn: string | null;
  /** Titles of the first `MILESTONE_EVIDENCE_SHOWN` activities reaching it, oldest first. */
  evidence: string[];
  /** How many activities reach it (as of the reference date). */
  evidenceCount: number;
}

/** The evidence titles a milestone carries: a view's size must not grow with the department. */
export const MILESTONE_EVIDENCE_SHOWN = 5;

export interface Progress {
  department: string;
  year: number;
  asOf: string | null;
  referenceDate: string;
  yearElapsed: number;
  /** The year is over at the reference date: a past year (its pace is the whole target). */
  yearOver: boolean;
  /** What the pace is measured at, in words: 截至 2023-06-30, 全年已结束, 年度尚未开始. */
  paceLabel: string;
  measures: MeasureProgress[];
  milestones: MilestoneProgress[];
}

/** 重点工作 3, 部门整体绩效目标 1, 项目绩效目标 对外交往业务支出 2: a project by its name when `projects` has it. */
export function planLabel(ref: PlanRef, projects: readonly { code: string; name: string }[] = []): string {
  switch (ref.kind) {
    case 'key-work':
      return `重点工作 ${ref.item}`;
    case 'department-goal':
      return `部门整体绩效目标 ${ref.goal}`;
    case 'project-goal':
      return `项目绩效目标 ${projects.find((p) => p.code === ref.project)?.name ?? ref.project} ${ref.goal}`;
  }
}

export function targetRatio(direction: Direction, target: number, actual: number | null): number | null {
  if (actual === null) return null;
  if (direction === '>=') return target === 0 ? 1 : Math.min(1, actual / target);
  if (actual === 0) return 1;
  return Math.min(1, target / actual);
}

export function isMet(direction: Direction, target: number, actual: number | null): boolean | null {
  if (actual === null) return null;
  return direction === '>=' ? actual >= target : actual <= target;
}

/**
 * Each measure's actual and, for every target on it (from whichever plan), whether it is met and
 * whether it lags the pace of an even year. `asOf` limits activities to those that had happened.
 */
export function computeProgress(
  plan: Plan,
  activities: readonly Activity[] | ActivityIndex,
  options: {
    asOf?: string;
    today: string;
    catalog?: readonly CategorySpec[];
    /** Counted measures' figures as of `asOf`, already added up (measured ones always come from the plan). */
    counted?: (measure: Measure) => CountedFigure;
  },
): Progress {
  const index = activities instanceof ActivityIndex ? activities : new ActivityIndex(activities, options.catalog);
  const referenceDate = options.asOf ?? options.today;
  const elapsed = yearElapsedFraction(plan.year, referenceDate);
  const measures = plan.measures.map((measure): MeasureProgress => {
    const value: { actual: number | null; activityCount: number } =
      options.counted && measure.kind !== 'measured'
        ? options.counted(measure)
        : asFigure(evaluateMeasure(measure, plan, index, options.asOf));
    const targets = plan.targets
      .filter((t) => t.measure === measure.code)
      .sort(compareTargets)
      .map((t): TargetProgress => {
        const inForce = targetValueOn(t, plan.year, referenceDate);
        const paced = measure.kind !== 'measured' && t.direction === '>=';
        const expectedByNow = paced ? expectedPace(measure, inForce.value, elapsed) : null;
        const met = isMet(t.direction, inForce.value, value.actual);
        return {
          targetId: t.id,
          plan: t.plan,
          planLabel: planLabel(t.plan, plan.projects),
          direction: t.direction,
          target: inForce.value,
          original: t.original,
          revised: inForce.inForceFrom !== null,
          inForceFrom: inForce.inForceFrom,
          latest: t.value,
          unit: t.unit || measure.unit,
          labels: t.labels,
          points: t.points ?? null,
          carriedOver: t.carriedOver ?? null,
          met,
          ratio: targetRatio(t.direction, inForce.value, value.actual),
          expectedByNow,
          lagging: met === true ? false : paced ? (value.actual ?? 0) < (expectedByNow ?? 0) : met === false && elapsed >= 1,
        };
      });
    return {
      code: measure.code,
      name: measure.name,
      unit: measure.unit,
      kind: measure.kind,
      valueType: measure.valueType,
      actual: value.actual,
      activityCount: value.activityCount,
      targets,
    };
  });
  return {
    department: plan.department,
    year: plan.year,
    asOf: options.asOf ?? null,
    referenceDate,
    yearElapsed: round(elapsed, 4),
    yearOver: referenceDate > `${plan.year}-12-31`,
    paceLabel: paceLabel(plan.year, referenceDate),
    measures,
    milestones: milestoneProgress(plan, index, options.asOf),
  };
}

/** Whether a measure counts whole units (场, 个, 人次): a count, or a sum of a count, of activities. */
export function isCountable(measure: Pick<Measure, 'kind' | 'valueType'>): boolean {
  return measure.kind !== 'measured' && measure.valueType === 'count';
}

/** What an even year would have reached of `target` by the elapsed fraction: whole units for a countable measure. */
export function expectedPace(measure: Pick<Measure, 'kind' | 'valueType'>, target: number, elapsed: number): number {
  const exact = target * elapsed;
  return isCountable(measure) ? Math.round(exact) : round(exact);
}

/** 截至 2023-06-30 during the year (its last day included), 全年已结束 once it is over, 年度尚未开始 before it starts. */
export function paceLabel(year: number, referenceDate: string): string {
  if (referenceDate > `${year}-12-31`) return '全年已结束';
  if (referenceDate < `${year}-01-01`) return '年度尚未开始';
  return `截至 ${referenceDate}`;
}

/** A milestone is done when an activity of a milestone category naming its code has occurred in the year. */
export function milestoneProgress(
  plan: Plan,
  activities: readonly Activity[] | ActivityIndex,
  asOf?: string,
  catalog?: readonly CategorySpec[],
): MilestoneProgress[] {
  const index = activities instanceof ActivityIndex ? activities : new ActivityIndex(activities, catalog);
  return plan.keyWork.flatMap((item) =>
    item.milestones.map((milestone) => {
      const evidence = index.milestoneEvidence(milestone.code, plan.year, asOf);
      return {
        keyWorkItem: item.no,
        code: milestone.code,
        title: milestone.title,
        done: evidence.length > 0,
        doneOn: evidence[0]?.occurredOn ?? null,
        evidence: evidence.slice(0, MILESTONE_EVIDENCE_SHOWN).map((a) => a.title),
        evidenceCount: evidence.length,
      };
    }),
  );
}

const PLAN_ORDER = { 'key-work': 0, 'department-goal': 1, 'project-goal': 2 } as const;
function compareTargets(a: Target, b: Target): number {
  return PLAN_ORDER[a.plan.kind] - PLAN_ORDER[b.plan.kind] || a.id.localeCompare(b.id);
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round((n + Number.EPSILON) * f) / f;
}
