import type { StoredEvent } from '@app/event-store';
import type { CategorySpec } from './catalog';
import { sameValue } from './canonical';
import { isCalendarDate } from './dates';
import { DomainValidationError, NotFoundError, StateConflictError, type FieldError } from './errors';

export const MEASURE_KINDS = ['count', 'count-distinct-parents', 'sum', 'measured'] as const;
/** How a measure turns activities into a number. */
export type MeasureKind = (typeof MEASURE_KINDS)[number];
export const VALUE_TYPES = ['count', 'rate', 'amount'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];
export const DIRECTIONS = ['>=', '<='] as const;
/** 正向 at least X ('>=') or 反向 at most X ('<='). */
export type Direction = (typeof DIRECTIONS)[number];

export interface Measure {
  code: string;
  name: string;
  unit: string;
  kind: MeasureKind;
  /** For count/sum kinds: the category counted. */
  category: string | null;
  /** Attribute filters: attribute → allowed values (any of). */
  where: Record<string, (string | number | boolean)[]>;
  /** For `sum`: the numeric attribute summed. */
  attribute: string | null;
  valueType: ValueType;
}

/** Which plan document a target belongs to (three plans may disagree on one measure). */
export type PlanRef =
  { kind: 'key-work'; item: number } | { kind: 'department-goal'; goal: number } | { kind: 'project-goal'; project: string; goal: number };

export interface TargetRevision {
  value: number;
  previous: number;
  reason: string;
  /** When it was decided (recorded). */
  at: string;
  by: string | null;
  /** The day from which it applies: progress and reports as of an earlier day use the earlier value. */
  effectiveFrom: string;
}

/** 沿用上年: a target copied from another year's plan, until the reporter confirms or changes it. */
export interface CarriedOver {
  fromYear: number;
}

/** 目标值: a value a measure must reach in the year; revisions keep the original. */
export interface Target {
  id: string;
  plan: PlanRef;
  measure: string;
  direction: Direction;
  value: number;
  original: number;
  unit: string;
  /** 一级/二级/三级指标 of a performance indicator. */
  labels: { level1: string; level2: string; level3: string } | null;
  /**
   * 分值: the indicator's own points in its goal. When every indicator of a goal has them, each is
   * scored on its own; null: the goal's points are shared by its indicators (the grouped rule).
   */
  points: number | null;
  /** Copied from another year's plan and not yet confirmed (沿用上年); null otherwise. */
  carriedOver: CarriedOver | null;
  revisions: TargetRevision[];
}

export interface Milestone {
  code: string;
  title: string;
}

/** 重点工作: one numbered item of the key-work plan. */
export interface KeyWorkItem {
  no: number;
  /** 重要事项 */
  matter: string;
  /** 工作内容及目标 */
  content: string;
  milestones: Milestone[];
}

export const GOAL_SCOPES = ['department', 'project'] as const;
/** A scored group: a department goal (40 points) or a project's 一级指标 group. */
export interface Goal {
  scope: (typeof GOAL_SCOPES)[number];
  project: string | null;
  no: number;
  text: string;
  points: number;
}

export interface Project {
  code: string;
  name: string;
}

/** 年初预算, adjusted 预算数 and 执行数, in 万元. */
export interface Budget {
  initial: number;
  adjusted: number;
  executed: number;
}

/** A budget as set at one time (预算调整): from which day it applies, and when it was recorded. */
export interface BudgetEntry {
  budget: Budget;
  effectiveFrom: string;
  recordedAt: string;
}

/** 预算执行情况's points in a self-evaluation when the plan sets none. */
export const DEFAULT_BUDGET_POINTS = 20;

export const SANGONG_KINDS = ['tripsAbroad', 'vehiclePurchase', 'vehicleRunning', 'receptions'] as const;
/** 三公经费: trips abroad, official vehicles (purchase, running) and receptions. */
export type SangongKind = (typeof SANGONG_KINDS)[number];
/**
 * The plan's side of a 三公 line: its budget (预算数, 万元). What was spent is summed from the
 * 三公 records (domain/sangong), never entered here. Receptions also carry the cost standard
 * per person (元/人) a reception batch is checked against.
 */
export interface SangongBudget {
  budget: number;
  /** 接待费开支标准, 元 per person (receptions only); null when not set. */
  perPersonStandard: number | null;
}

export interface Measurement {
  measure: string;
  value: number;
  measuredOn: string;
  note: string | null;
  recordedAt: string;
  recordedBy: string | null;
}

/** 扣分: a deduction from a computed score, with its reason. */
export interface ScoreAdjustment {
  id: string;
  /** 'department-goal:<no>' | 'project-goal:<project>:<no>' */
  scope: string;
  points: number;
  reason: string;
  withdrawn: boolean;
}

/** The plans, budgets and entered figures of one department-year. */
export interface Plan {
  department: string;
  year: number;
  measures: Measure[];
  keyWork: KeyWorkItem[];
  projects: Project[];
  goals: Goal[];
  targets: Target[];
  /** The budgets as last set (see budgetHistory for what applied on an earlier day). */
  budgets: { department: Budget | null; projects: Record<string, Budget> };
  /** Every budget set, by scope ('department' or 'project:<code>'), in the order recorded. */
  budgetHistory: Record<string, BudgetEntry[]>;
  /** 预算执行情况's points in the self-evaluations (default 20). */
  budgetPoints: number;
  /** The year this plan was copied from (plan.copied), null when it was not. */
  copiedFrom: number | null;
  /** 三公 budgets (the actuals are the 三公 records' sum). */
  sangong: Partial<Record<SangongKind, SangongBudget>>;
  measurements: Measurement[];
  adjustments: ScoreAdjustment[];
  /** 偏差大或目标未完成原因分析, by scope ('department' or 'project:<code>'). */
  deviationAnalysis: Record<string, string>;
  version: number;
}

/** A measure as a change defines it: what does not apply to its kind may be left out. */
export type MeasureInput = Omit<Measure, 'category' | 'where' | 'attribute'> & {
  category?: string | null;
  where?: Measure['where'];
  attribute?: string | null;
};
export type KeyWorkItemInput = Omit<KeyWorkItem, 'milestones'> & { milestones?: Milestone[] };
/** `project` only for a project's goal. */
export type GoalInput = Omit<Goal, 'project'> & { project?: string | null };
/** A target as first set (its original is its value); unit, 一级/二级/三级指标 labels and 分值 may be left out. */
export type TargetInput = Omit<Target, 'original' | 'revisions' | 'unit' | 'labels' | 'points' | 'carriedOver'> & {
  unit?: string;
  labels?: Target['labels'] | null;
  points?: number | null;
};
export type MeasurementInput = Pick<Measurement, 'measure' | 'value' | 'measuredOn'> & { note?: string | null };
/** The budget is required; the per-person standard only for receptions, optional. */
export type SangongBudgetInput = Pick<SangongBudget, 'budget'> & { perPersonStandard?: number | null };
export type ScoreAdjustmentInput = Omit<ScoreAdjustment, 'withdrawn'>;

export const planStreamId = (department: string, year: number): string => `plan-${department}-${year}`;

/** The versioned type of each plan event, as stored (never rename one: add a .v2 and an upcaster). */
export const PlanEvents = {
  measureDefined: 'plan.measure-defined.v1',
  keyWorkItemSet: 'plan.key-work-item-set.v1',
  keyWorkItemRemoved: 'plan.key-work-item-removed.v1',
  projectDefined: 'plan.project-defined.v1',
  goalSet: 'plan.goal-set.v1',
  targetSet: 'plan.target-set.v1',
  /** v2: with the day it applies from (a v1 event applies from the year's start: see plan-upcasters.ts). */
  targetRevised: 'plan.target-revised.v2',
  targetPointsSet: 'plan.target-points-set.v1',
  targetConfirmed: 'plan.target-confirmed.v1',
  targetRemoved: 'plan.target-removed.v1',
  measurementRecorded: 'plan.measurement-recorded.v1',
  /** v2: with the day it applies from (a v1 event applies from the year's start: see plan-upcasters.ts). */
  budgetSet: 'plan.budget-set.v2',
  budgetPointsSet: 'plan.budget-points-set.v1',
  copied: 'plan.copied.v1',
  /** v2: budgets only (a v1 event, which also held actuals and counts, is upcast: see plan-upcasters.ts). */
  sangongSet: 'plan.sangong-set.v2',
  adjustmentRecorded: 'plan.score-adjustment-recorded.v1',
  adjustmentWithdrawn: 'plan.score-adjustment-withdrawn.v1',
  deviationAnalysisSet: 'plan.deviation-analysis-set.v1',
} as const;

/** Every plan event names its department-year: the plan stream, and the plans read model's key. */
export interface PlanEventBase {
  department: string;
  year: number;
}
/** A measure defined, or redefined (`previous` is what it replaced). */
export interface MeasureDefined extends PlanEventBase {
  measure: Measure;
  previous: Measure | null;
}
export interface KeyWorkItemSet extends PlanEventBase {
  item: KeyWorkItem;
  previous: KeyWorkItem | null;
}
export interface KeyWorkItemRemoved extends PlanEventBase {
  no: number;
  previous: KeyWorkItem;
}
export interface ProjectDefined extends PlanEventBase {
  project: Project;
  previous: Project | null;
}
export interface GoalSet extends PlanEventBase {
  goal: Goal;
  previous: Goal | null;
}
/**
 * A target as first set: its value is also its original. `points` and `carriedOver` were added
 * later: a stored event without them has neither (null).
 */
export interface TargetSet extends PlanEventBase {
  target: Omit<Target, 'original' | 'revisions' | 'points' | 'carriedOver'> & Partial<Pick<Target, 'points' | 'carriedOver'>>;
}
/** 预算调整: the value from `effectiveFrom` on, and the one it replaced (plan.target-revised.v2). */
export interface TargetRevised extends PlanEventBase {
  targetId: string;
  value: number;
  previous: number;
  reason: string;
  effectiveFrom: string;
}
/** 分值 of an indicator set or changed (null: it shares its goal's points). */
export interface TargetPointsSet extends PlanEventBase {
  targetId: string;
  points: number | null;
  previous: number | null;
}
/** A carried-over target confirmed by the reporter, with the year's value (its original). */
export interface TargetConfirmed extends PlanEventBase {
  targetId: string;
  value: number;
  previous: number;
  fromYear: number;
}
export interface TargetRemoved extends PlanEventBase {
  targetId: string;
  reason: string;
  previous: Target;
}
/** A figure measured rather than counted (知晓率, 满意度…); who and when come from the event's metadata. */
export interface MeasurementRecorded extends PlanEventBase {
  measure: string;
  value: number;
  measuredOn: string;
  note: string | null;
}
/** A budget set or adjusted, from `effectiveFrom` on (plan.budget-set.v2). */
export interface BudgetSet extends PlanEventBase {
  /** 'department' or 'project:<code>' */
  scope: string;
  budget: Budget;
  previous: Budget | null;
  effectiveFrom: string;
}
/** 预算执行情况's points in the self-evaluations. */
export interface BudgetPointsSet extends PlanEventBase {
  points: number;
  previous: number;
}
/** The plan was started from another year's (copy-plan): what the events after it in the same append copied. */
export interface PlanCopied extends PlanEventBase {
  fromYear: number;
  copied: { measures: number; keyWork: number; projects: number; goals: number; targets: number };
}
/** A 三公 line's budget set (plan.sangong-set.v2). */
export interface SangongSet extends PlanEventBase {
  kind: SangongKind;
  line: SangongBudget;
  previous: SangongBudget | null;
}
/** 扣分 recorded. */
export interface ScoreAdjustmentRecorded extends PlanEventBase {
  adjustment: Omit<ScoreAdjustment, 'withdrawn'>;
}
export interface ScoreAdjustmentWithdrawn extends PlanEventBase {
  id: string;
  reason: string;
}
export interface DeviationAnalysisSet extends PlanEventBase {
  /** 'department' or 'project:<code>' */
  scope: string;
  text: string;
  previous: string | null;
}

/** The plan stream: each event type with its data. */
export type PlanEvent =
  | { type: typeof PlanEvents.measureDefined; data: MeasureDefined }
  | { type: typeof PlanEvents.keyWorkItemSet; data: KeyWorkItemSet }
  | { type: typeof PlanEvents.keyWorkItemRemoved; data: KeyWorkItemRemoved }
  | { type: typeof PlanEvents.projectDefined; data: ProjectDefined }
  | { type: typeof PlanEvents.goalSet; data: GoalSet }
  | { type: typeof PlanEvents.targetSet; data: TargetSet }
  | { type: typeof PlanEvents.targetRevised; data: TargetRevised }
  | { type: typeof PlanEvents.targetPointsSet; data: TargetPointsSet }
  | { type: typeof PlanEvents.targetConfirmed; data: TargetConfirmed }
  | { type: typeof PlanEvents.targetRemoved; data: TargetRemoved }
  | { type: typeof PlanEvents.measurementRecorded; data: MeasurementRecorded }
  | { type: typeof PlanEvents.budgetSet; data: BudgetSet }
  | { type: typeof PlanEvents.budgetPointsSet; data: BudgetPointsSet }
  | { type: typeof PlanEvents.copied; data: PlanCopied }
  | { type: typeof PlanEvents.sangongSet; data: SangongSet }
  | { type: typeof PlanEvents.adjustmentRecorded; data: ScoreAdjustmentRecorded }
  | { type: typeof PlanEvents.adjustmentWithdrawn; data: ScoreAdjustmentWithdrawn }
  | { type: typeof PlanEvents.deviationAnalysisSet; data: DeviationAnalysisSet };

/** The plan event of one type. */
export type PlanEventOf<T extends PlanEvent['type']> = Extract<PlanEvent, { type: T }>;

// Typed by the union: a PlanEvents entry missing from PlanEvent fails to compile here.
const PLAN_EVENT_TYPES: ReadonlySet<string> = new Set<PlanEvent['type']>(Object.values(PlanEvents));

/**
 * A stored event of one of the plan event types this code knows, typed by it (the store holds the
 * data decide wrote). Unlike a 'plan.' prefix test, a type of a later version is not one.
 */
export function isKnownPlanEvent(event: StoredEvent): event is StoredEvent & PlanEvent {
  return PLAN_EVENT_TYPES.has(event.type);
}

export function emptyPlan(department: string, year: number): Plan {
  return {
    department,
    year,
    measures: [],
    keyWork: [],
    projects: [],
    goals: [],
    targets: [],
    budgets: { department: null, projects: {} },
    budgetHistory: {},
    budgetPoints: DEFAULT_BUDGET_POINTS,
    copiedFrom: null,
    sangong: {},
    measurements: [],
    adjustments: [],
    deviationAnalysis: {},
    version: 0,
  };
}

const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const isText = (v: unknown, max = 2000): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;
const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e12;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function fail(errors: FieldError[]): void {
  if (errors.length > 0) throw new DomainValidationError(errors);
}

/** The department-year every event of this plan names. */
const keyOf = (plan: Plan): PlanEventBase => ({ department: plan.department, year: plan.year });

export function scopeOf(ref: PlanRef): string {
  switch (ref.kind) {
    case 'key-work':
      return `key-work:${ref.item}`;
    case 'department-goal':
      return `department-goal:${ref.goal}`;
    case 'project-goal':
      return `project-goal:${ref.project}:${ref.goal}`;
  }
}

export function defineMeasure(plan: Plan, measure: MeasureInput, catalog: CategorySpec[]): PlanEventOf<typeof PlanEvents.measureDefined>[] {
  const errors: FieldError[] = [];
  if (!CODE.test(measure.code ?? '')) errors.push({ field: 'code', reason: 'must be a lowercase code (a-z, 0-9, -)' });
  if (!isText(measure.name, 200)) errors.push({ field: 'name', reason: 'is required' });
  if (typeof measure.unit !== 'string' || measure.unit.length > 20)
    errors.push({ field: 'unit', reason: 'must be text of at most 20 characters' });
  if (!MEASURE_KINDS.includes(measure.kind)) {
    errors.push({ field: 'kind', reason: 'must be count, count-distinct-parents, sum or measured' });
  }
  if (!VALUE_TYPES.includes(measure.valueType)) errors.push({ field: 'valueType', reason: 'must be count, rate or amount' });
  const where = measure.where ?? {};
  if (measure.kind !== 'measured') {
    const category = catalog.find((c) => c.code === measure.category);
    if (!category) {
      errors.push({ field: 'category', reason: 'unknown category' });
    } else {
      for (const [name, values] of Object.entries(where)) {
        const spec = category.attributes.find((a) => a.name === name);
        if (!spec) errors.push({ field: `where.${name}`, reason: `category ${category.code} has no attribute ${name}` });
        else if (!Array.isArray(values) || values.length === 0)
          errors.push({ field: `where.${name}`, reason: 'must list at least one value' });
        else if (spec.type === 'enum' && values.some((v) => !Object.prototype.hasOwnProperty.call(spec.options ?? {}, String(v)))) {
          errors.push({ field: `where.${name}`, reason: `values must be among ${Object.keys(spec.options ?? {}).join(', ')}` });
        }
      }
      if (measure.kind === 'sum') {
        const spec = category.attributes.find((a) => a.name === measure.attribute);
        if (!spec || (spec.type !== 'integer' && spec.type !== 'amount')) {
          errors.push({ field: 'attribute', reason: `must be a numeric attribute of ${category.code}` });
        }
      }
    }
  }
  fail(errors);
  const normalised: Measure = {
    code: measure.code,
    name: measure.name.trim(),
    unit: measure.unit,
    kind: measure.kind,
    category: measure.kind === 'measured' ? null : (measure.category ?? null),
    where: measure.kind === 'measured' ? {} : where,
    attribute: measure.kind === 'sum' ? (measure.attribute ?? null) : null,
    valueType: measure.valueType,
  };
  const previous = plan.measures.find((m) => m.code === measure.code) ?? null;
  if (previous && sameValue(previous, normalised)) return [];
  return [{ type: PlanEvents.measureDefined, data: { ...keyOf(plan), measure: normalised, previous } }];
}

export function setKeyWorkItem(plan: Plan, item: KeyWorkItemInput): PlanEventOf<typeof PlanEvents.keyWorkItemSet>[] {
  const errors: FieldError[] = [];
  if (!isCount(item.no) || item.no < 1 || item.no > 999) errors.push({ field: 'no', reason: 'must be a number from 1' });
  if (!isText(item.matter, 500)) errors.push({ field: 'matter', reason: 'is required (重要事项)' });
  if (!isText(item.content, 5000)) errors.push({ field: 'content', reason: 'is required (工作内容及目标)' });
  const milestones = item.milestones ?? [];
  milestones.forEach((m, i) => {
    if (!CODE.test(m?.code ?? '')) errors.push({ field: `milestones.${i}.code`, reason: 'must be a lowercase code' });
    if (!isText(m?.title, 500)) errors.push({ field: `milestones.${i}.title`, reason: 'is required' });
  });
  fail(errors);
  const normalised = { no: item.no, matter: item.matter.trim(), content: item.content.trim(), milestones };
  const previous = plan.keyWork.find((k) => k.no === item.no) ?? null;
  if (previous && sameValue(previous, normalised)) return [];
  return [{ type: PlanEvents.keyWorkItemSet, data: { ...keyOf(plan), item: normalised, previous } }];
}

export function removeKeyWorkItem(plan: Plan, no: number): PlanEventOf<typeof PlanEvents.keyWorkItemRemoved>[] {
  const previous = plan.keyWork.find((k) => k.no === no);
  if (!previous) throw new NotFoundError('KEY_WORK_ITEM.NOT_FOUND', `No key-work item ${no} in ${plan.year}`);
  return [{ type: PlanEvents.keyWorkItemRemoved, data: { ...keyOf(plan), no, previous } }];
}

export function defineProject(plan: Plan, project: Project): PlanEventOf<typeof PlanEvents.projectDefined>[] {
  const errors: FieldError[] = [];
  if (!CODE.test(project.code ?? '')) errors.push({ field: 'code', reason: 'must be a lowercase code' });
  if (!isText(project.name, 200)) errors.push({ field: 'name', reason: 'is required' });
  fail(errors);
  const previous = plan.projects.find((p) => p.code === project.code) ?? null;
  if (previous?.name === project.name.trim()) return [];
  return [
    { type: PlanEvents.projectDefined, data: { ...keyOf(plan), project: { code: project.code, name: project.name.trim() }, previous } },
  ];
}

export function setGoal(plan: Plan, goal: GoalInput): PlanEventOf<typeof PlanEvents.goalSet>[] {
  const errors: FieldError[] = [];
  if (goal.scope !== 'department' && goal.scope !== 'project') errors.push({ field: 'scope', reason: 'must be department or project' });
  if (goal.scope === 'project' && !plan.projects.some((p) => p.code === goal.project)) {
    errors.push({ field: 'project', reason: 'unknown project (define it first)' });
  }
  if (!isCount(goal.no) || goal.no < 1) errors.push({ field: 'no', reason: 'must be a number from 1' });
  if (!isText(goal.text, 2000)) errors.push({ field: 'text', reason: 'is required' });
  if (!isAmount(goal.points) || goal.points > 100) errors.push({ field: 'points', reason: 'must be between 0 and 100' });
  fail(errors);
  const normalised: Goal = { ...goal, project: goal.scope === 'project' ? (goal.project ?? null) : null, text: goal.text.trim() };
  const previous = plan.goals.find((g) => g.scope === goal.scope && g.project === normalised.project && g.no === goal.no) ?? null;
  if (previous && sameValue(previous, normalised)) return [];
  return [{ type: PlanEvents.goalSet, data: { ...keyOf(plan), goal: normalised, previous } }];
}

export function setTarget(plan: Plan, target: TargetInput): PlanEventOf<typeof PlanEvents.targetSet>[] {
  const errors: FieldError[] = [];
  if (!CODE.test(target.id ?? '')) errors.push({ field: 'id', reason: 'must be a lowercase code' });
  if (!plan.measures.some((m) => m.code === target.measure)) errors.push({ field: 'measure', reason: 'unknown measure (define it first)' });
  if (target.direction !== '>=' && target.direction !== '<=') errors.push({ field: 'direction', reason: "must be '>=' or '<='" });
  if (!isAmount(target.value)) errors.push({ field: 'value', reason: 'must be a number ≥ 0' });
  if (target.points != null && !isPoints(target.points)) errors.push({ field: 'points', reason: POINTS_REASON });
  errors.push(...validatePlanRef(plan, target.plan));
  fail(errors);
  const existing = plan.targets.find((t) => t.id === target.id);
  if (existing) {
    const same =
      existing.measure === target.measure &&
      existing.direction === target.direction &&
      existing.value === target.value &&
      sameValue(existing.plan, target.plan);
    if (same) return [];
    throw new StateConflictError('TARGET.ALREADY_SET', `Target ${target.id} exists: revise it instead`, { targetId: target.id });
  }
  return [
    {
      type: PlanEvents.targetSet,
      data: {
        ...keyOf(plan),
        target: {
          ...target,
          // Left out: the measure's unit, as the tables print it; '' (given) prints a bare number.
          unit: target.unit ?? plan.measures.find((m) => m.code === target.measure)!.unit,
          labels: target.labels ?? null,
          points: target.points ?? null,
          carriedOver: null,
        },
      },
    },
  ];
}

const POINTS_REASON = '分值必须是大于 0、至多 100 的数';
const isPoints = (v: unknown): v is number => isAmount(v) && v > 0 && v <= 100;

/** 分值: the indicator's own points (null: it shares its goal's points with the others). */
export function setTargetPoints(plan: Plan, targetId: string, points: number | null): PlanEventOf<typeof PlanEvents.targetPointsSet>[] {
  const target = requireTarget(plan, targetId);
  if (points !== null && !isPoints(points)) throw new DomainValidationError([{ field: 'points', reason: POINTS_REASON }]);
  if (target.points === points) return [];
  return [{ type: PlanEvents.targetPointsSet, data: { ...keyOf(plan), targetId, points, previous: target.points } }];
}

/**
 * 确认沿用上年的目标值: the reporter confirms a carried-over target, or gives the year's own value
 * (it becomes the target's original, not a revision: the year's target is being set).
 */
export function confirmTarget(plan: Plan, targetId: string, value?: number): PlanEventOf<typeof PlanEvents.targetConfirmed>[] {
  const target = requireTarget(plan, targetId);
  if (!target.carriedOver) throw new DomainValidationError([{ field: 'targetId', reason: '该目标值不是沿用上年的，无需确认' }]);
  if (value !== undefined && !isAmount(value)) throw new DomainValidationError([{ field: 'value', reason: 'must be a number ≥ 0' }]);
  const confirmed = value ?? target.value;
  return [
    {
      type: PlanEvents.targetConfirmed,
      data: { ...keyOf(plan), targetId, value: confirmed, previous: target.value, fromYear: target.carriedOver.fromYear },
    },
  ];
}

/** What a change needs besides the plan and the catalog: the department's today, for the default effective day. */
export interface PlanChangeContext {
  /** Today in the department's time zone (YYYY-MM-DD); without it, a revision applies from the start of the year. */
  today?: string;
}

/**
 * The day a revision or budget adjustment applies from: the one given (a calendar date no later
 * than the year's end), else the day it is decided, no later than the year's last day (a revision
 * decided after the year still applies to its year-end figures); without a today, the year's start.
 */
function effectiveDay(plan: Plan, given: string | undefined, context: PlanChangeContext, field = 'effectiveFrom'): string {
  const last = `${plan.year}-12-31`;
  if (given !== undefined) {
    if (!isCalendarDate(given)) throw new DomainValidationError([{ field, reason: '生效日期必须是有效日期 YYYY-MM-DD' }]);
    if (given > last) throw new DomainValidationError([{ field, reason: `生效日期不能晚于 ${plan.year} 年末` }]);
    return given;
  }
  if (!context.today) return `${plan.year}-01-01`;
  return context.today < last ? context.today : last;
}

/** The day the value in force is looked up on: `date` within the plan's year (before it: its first day; after it: its last). */
export function dayInYear(year: number, date: string | null | undefined): string {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  if (!date) return last;
  return date < first ? first : date > last ? last : date;
}

/**
 * The target's value in force on `date` (clamped into the plan's year): of the revisions
 * applying by then, the one with the latest effective day (the later recorded of a tie); before
 * any, its original. `inForceFrom` is that revision's effective day (null: the original).
 */
export function targetValueOn(
  target: Pick<Target, 'value' | 'original' | 'revisions'>,
  year: number,
  date?: string | null,
): { value: number; inForceFrom: string | null } {
  // Never revised: its value (the original).
  if (target.revisions.length === 0) return { value: target.value, inForceFrom: null };
  const day = dayInYear(year, date);
  let found: TargetRevision | null = null;
  for (const r of target.revisions) {
    const from = r.effectiveFrom ?? `${year}-01-01`;
    if (from <= day && (!found || from >= found.effectiveFrom)) found = { ...r, effectiveFrom: from };
  }
  return found ? { value: found.value, inForceFrom: found.effectiveFrom } : { value: target.original, inForceFrom: null };
}

/**
 * The budget of a scope in force on `date` (clamped into the plan's year): the entry with the
 * latest effective day by then (the later recorded of a tie); before any applies, the earliest
 * one (there was no other). Null when no budget was ever set.
 */
export function budgetOn(plan: Pick<Plan, 'year' | 'budgetHistory' | 'budgets'>, scope: string, date?: string | null): Budget | null {
  const history = plan.budgetHistory?.[scope] ?? [];
  if (history.length === 0) {
    return scope === 'department' ? plan.budgets.department : (plan.budgets.projects[scope.slice('project:'.length)] ?? null);
  }
  const day = dayInYear(plan.year, date);
  let found: BudgetEntry | null = null;
  for (const e of history) if (e.effectiveFrom <= day && (!found || e.effectiveFrom >= found.effectiveFrom)) found = e;
  found ??= history.reduce((a, b) => (b.effectiveFrom < a.effectiveFrom ? b : a));
  return found.budget;
}

function validatePlanRef(plan: Plan, ref: PlanRef): FieldError[] {
  if (!ref || typeof ref !== 'object') return [{ field: 'plan', reason: 'is required' }];
  switch (ref.kind) {
    case 'key-work':
      return plan.keyWork.some((k) => k.no === ref.item) ? [] : [{ field: 'plan.item', reason: 'unknown key-work item' }];
    case 'department-goal':
      return plan.goals.some((g) => g.scope === 'department' && g.no === ref.goal)
        ? []
        : [{ field: 'plan.goal', reason: 'unknown department goal' }];
    case 'project-goal':
      return plan.goals.some((g) => g.scope === 'project' && g.project === ref.project && g.no === ref.goal)
        ? []
        : [{ field: 'plan.goal', reason: 'unknown project goal' }];
    default:
      return [{ field: 'plan.kind', reason: 'must be key-work, department-goal or project-goal' }];
  }
}

function requireTarget(plan: Plan, targetId: string): Target {
  const target = plan.targets.find((t) => t.id === targetId);
  if (!target) throw new NotFoundError('TARGET.NOT_FOUND', `No target ${targetId} in ${plan.department} ${plan.year}`);
  return target;
}

/**
 * 预算调整: the new value applies from `effectiveFrom` (default: the day it is decided); progress
 * and reports as of an earlier day keep the earlier value; the original stays visible.
 */
export function reviseTarget(
  plan: Plan,
  targetId: string,
  value: number,
  reason: string,
  effectiveFrom?: string,
  context: PlanChangeContext = {},
): PlanEventOf<typeof PlanEvents.targetRevised>[] {
  const target = requireTarget(plan, targetId);
  if (target.carriedOver) {
    throw new DomainValidationError([{ field: 'targetId', reason: '该目标值沿用上年，请先确认（确认时可修改目标值）' }]);
  }
  const errors: FieldError[] = [];
  if (!isAmount(value)) errors.push({ field: 'value', reason: 'must be a number ≥ 0' });
  if (!isText(reason, 1000)) errors.push({ field: 'reason', reason: 'a revision needs a reason' });
  if (value === target.value) errors.push({ field: 'value', reason: 'nothing would change' });
  fail(errors);
  const from = effectiveDay(plan, effectiveFrom, context);
  return [
    {
      type: PlanEvents.targetRevised,
      data: { ...keyOf(plan), targetId, value, previous: target.value, reason: reason.trim(), effectiveFrom: from },
    },
  ];
}

export function removeTarget(plan: Plan, targetId: string, reason: string): PlanEventOf<typeof PlanEvents.targetRemoved>[] {
  const target = requireTarget(plan, targetId);
  if (!isText(reason, 1000)) throw new DomainValidationError([{ field: 'reason', reason: 'a removal needs a reason' }]);
  return [{ type: PlanEvents.targetRemoved, data: { ...keyOf(plan), targetId, reason: reason.trim(), previous: target } }];
}

export function recordMeasurement(plan: Plan, m: MeasurementInput): PlanEventOf<typeof PlanEvents.measurementRecorded>[] {
  const errors: FieldError[] = [];
  const measure = plan.measures.find((x) => x.code === m.measure);
  if (!measure) errors.push({ field: 'measure', reason: 'unknown measure' });
  else if (measure.kind !== 'measured') errors.push({ field: 'measure', reason: 'is derived from activities, not measured' });
  if (!isAmount(m.value)) errors.push({ field: 'value', reason: 'must be a number ≥ 0' });
  if (!isCalendarDate(m.measuredOn)) errors.push({ field: 'measuredOn', reason: 'must be an existing calendar date YYYY-MM-DD' });
  if (m.note != null && (typeof m.note !== 'string' || m.note.length > 2000))
    errors.push({ field: 'note', reason: 'must be text of at most 2000 characters' });
  fail(errors);
  const same = plan.measurements.find((x) => x.measure === m.measure && x.measuredOn === m.measuredOn && x.value === m.value);
  if (same) return [];
  return [
    {
      type: PlanEvents.measurementRecorded,
      data: { ...keyOf(plan), measure: m.measure, value: m.value, measuredOn: m.measuredOn, note: m.note ?? null },
    },
  ];
}

/**
 * A budget set, or adjusted (预算调整) from `effectiveFrom` on: a scope's first budget applies from
 * the year's start unless told otherwise, an adjustment from the day it is decided.
 */
export function setBudget(
  plan: Plan,
  scope: string,
  budget: Budget,
  effectiveFrom?: string,
  context: PlanChangeContext = {},
): PlanEventOf<typeof PlanEvents.budgetSet>[] {
  const errors: FieldError[] = [];
  if (scope !== 'department' && !plan.projects.some((p) => `project:${p.code}` === scope)) {
    errors.push({ field: 'scope', reason: "must be 'department' or 'project:<code>' of a defined project" });
  }
  for (const key of ['initial', 'adjusted', 'executed'] as const) {
    if (!isAmount(budget?.[key])) errors.push({ field: key, reason: 'must be an amount ≥ 0 (万元)' });
  }
  fail(errors);
  const previous = scope === 'department' ? plan.budgets.department : (plan.budgets.projects[scope.slice('project:'.length)] ?? null);
  const normalised = { initial: budget.initial, adjusted: budget.adjusted, executed: budget.executed };
  if (previous && sameValue(previous, normalised)) return [];
  const from = previous ? effectiveDay(plan, effectiveFrom, context) : effectiveDay(plan, effectiveFrom ?? `${plan.year}-01-01`, context);
  return [{ type: PlanEvents.budgetSet, data: { ...keyOf(plan), scope, budget: normalised, previous, effectiveFrom: from } }];
}

/** 预算执行情况's points in the self-evaluations (20 unless the plan says otherwise). */
export function setBudgetPoints(plan: Plan, points: number): PlanEventOf<typeof PlanEvents.budgetPointsSet>[] {
  if (!isAmount(points) || points > 100) throw new DomainValidationError([{ field: 'points', reason: '分值必须是 0–100 之间的数' }]);
  if (points === plan.budgetPoints) return [];
  return [{ type: PlanEvents.budgetPointsSet, data: { ...keyOf(plan), points, previous: plan.budgetPoints } }];
}

export function setSangong(plan: Plan, kind: SangongKind, line: SangongBudgetInput): PlanEventOf<typeof PlanEvents.sangongSet>[] {
  const errors: FieldError[] = [];
  if (!SANGONG_KINDS.includes(kind)) errors.push({ field: 'kind', reason: `must be one of ${SANGONG_KINDS.join(', ')}` });
  if (!isAmount(line?.budget)) errors.push({ field: 'budget', reason: 'must be an amount ≥ 0 (万元)' });
  // The plan holds budgets only: what was spent and counted comes from the 三公 records.
  for (const key of Object.keys(line ?? {})) {
    if (key !== 'budget' && key !== 'perPersonStandard')
      errors.push({ field: key, reason: '计划只记录“三公”预算数；实际支出和团组、人次、车辆数由“三公”记录汇总' });
  }
  const standard = line?.perPersonStandard ?? null;
  if (standard !== null) {
    if (kind !== 'receptions') errors.push({ field: 'perPersonStandard', reason: '只有公务接待设人均开支标准' });
    else if (!isAmount(standard)) errors.push({ field: 'perPersonStandard', reason: 'must be an amount ≥ 0 (元/人)' });
  }
  fail(errors);
  const normalised: SangongBudget = { budget: line.budget, perPersonStandard: standard };
  const previous = plan.sangong[kind] ?? null;
  if (previous && sameValue(previous, normalised)) return [];
  return [{ type: PlanEvents.sangongSet, data: { ...keyOf(plan), kind, line: normalised, previous } }];
}

export function recordScoreAdjustment(plan: Plan, a: ScoreAdjustmentInput): PlanEventOf<typeof PlanEvents.adjustmentRecorded>[] {
  const errors: FieldError[] = [];
  if (!CODE.test(a.id ?? '')) errors.push({ field: 'id', reason: 'must be a lowercase code' });
  const known = plan.goals.map((g) => (g.scope === 'department' ? `department-goal:${g.no}` : `project-goal:${g.project}:${g.no}`));
  if (!known.includes(a.scope)) errors.push({ field: 'scope', reason: `unknown goal; known: ${known.join(', ')}` });
  if (!isAmount(a.points) || a.points === 0 || a.points > 100)
    errors.push({ field: 'points', reason: 'must be a deduction between 0 and 100' });
  if (!isText(a.reason, 2000)) errors.push({ field: 'reason', reason: 'a deduction needs its reason' });
  fail(errors);
  const existing = plan.adjustments.find((x) => x.id === a.id && !x.withdrawn);
  if (existing) {
    if (existing.scope === a.scope && existing.points === a.points && existing.reason === a.reason.trim()) return [];
    throw new StateConflictError('ADJUSTMENT.ALREADY_RECORDED', `Adjustment ${a.id} exists`);
  }
  return [
    {
      type: PlanEvents.adjustmentRecorded,
      data: { ...keyOf(plan), adjustment: { id: a.id, scope: a.scope, points: a.points, reason: a.reason.trim() } },
    },
  ];
}

export function withdrawScoreAdjustment(plan: Plan, id: string, reason: string): PlanEventOf<typeof PlanEvents.adjustmentWithdrawn>[] {
  const existing = plan.adjustments.find((x) => x.id === id && !x.withdrawn);
  if (!existing) throw new NotFoundError('ADJUSTMENT.NOT_FOUND', `No adjustment ${id}`);
  if (!isText(reason, 1000)) throw new DomainValidationError([{ field: 'reason', reason: 'is required' }]);
  return [{ type: PlanEvents.adjustmentWithdrawn, data: { ...keyOf(plan), id, reason: reason.trim() } }];
}

export function setDeviationAnalysis(plan: Plan, scope: string, text: string): PlanEventOf<typeof PlanEvents.deviationAnalysisSet>[] {
  const errors: FieldError[] = [];
  if (scope !== 'department' && !plan.projects.some((p) => `project:${p.code}` === scope)) {
    errors.push({ field: 'scope', reason: "must be 'department' or 'project:<code>'" });
  }
  if (!isText(text, 20000)) errors.push({ field: 'text', reason: 'is required' });
  fail(errors);
  if (plan.deviationAnalysis[scope] === text) return [];
  return [
    { type: PlanEvents.deviationAnalysisSet, data: { ...keyOf(plan), scope, text, previous: plan.deviationAnalysis[scope] ?? null } },
  ];
}

const byNo = <T extends { no: number }>(a: T, b: T) => a.no - b.no;
const upsert = <T>(list: T[], item: T, same: (x: T) => boolean): T[] =>
  list.some(same) ? list.map((x) => (same(x) ? item : x)) : [...list, item];

/** evolve: the plan after one of its stored events. */
export function evolvePlan(state: Plan | null, stored: StoredEvent): Plan {
  // An event of a type this code does not know (yet) only moves the version.
  if (!isKnownPlanEvent(stored)) return { ...(state ?? emptyPlanOf(stored.data)), version: stored.streamVersion };
  const { data: d } = stored;
  const plan: Plan = { ...(state ?? emptyPlan(d.department, d.year)), version: stored.streamVersion };
  const at = stored.recordedAt instanceof Date ? stored.recordedAt.toISOString() : String(stored.recordedAt);
  const by = stored.metadata.actor ?? null;
  switch (stored.type) {
    case PlanEvents.measureDefined: {
      const { measure } = stored.data;
      plan.measures = upsert(plan.measures, measure, (m) => m.code === measure.code);
      break;
    }
    case PlanEvents.keyWorkItemSet: {
      const { item } = stored.data;
      plan.keyWork = upsert(plan.keyWork, item, (k) => k.no === item.no).sort(byNo);
      break;
    }
    case PlanEvents.keyWorkItemRemoved: {
      const { no } = stored.data;
      plan.keyWork = plan.keyWork.filter((k) => k.no !== no);
      break;
    }
    case PlanEvents.projectDefined: {
      const { project } = stored.data;
      plan.projects = upsert(plan.projects, project, (p) => p.code === project.code);
      break;
    }
    case PlanEvents.goalSet: {
      const { goal } = stored.data;
      plan.goals = upsert(plan.goals, goal, (g) => g.scope === goal.scope && g.project === goal.project && g.no === goal.no);
      break;
    }
    case PlanEvents.targetSet: {
      const { target } = stored.data;
      plan.targets = [
        ...plan.targets,
        { ...target, points: target.points ?? null, carriedOver: target.carriedOver ?? null, original: target.value, revisions: [] },
      ];
      break;
    }
    case PlanEvents.targetRevised: {
      const { targetId, value, previous, reason, effectiveFrom } = stored.data;
      plan.targets = plan.targets.map((t) =>
        t.id === targetId ? { ...t, value, revisions: [...t.revisions, { value, previous, reason, at, by, effectiveFrom }] } : t,
      );
      break;
    }
    case PlanEvents.targetPointsSet: {
      const { targetId, points } = stored.data;
      plan.targets = plan.targets.map((t) => (t.id === targetId ? { ...t, points } : t));
      break;
    }
    case PlanEvents.targetConfirmed: {
      const { targetId, value } = stored.data;
      plan.targets = plan.targets.map((t) => (t.id === targetId ? { ...t, value, original: value, carriedOver: null } : t));
      break;
    }
    case PlanEvents.targetRemoved: {
      const { targetId } = stored.data;
      plan.targets = plan.targets.filter((t) => t.id !== targetId);
      break;
    }
    case PlanEvents.measurementRecorded: {
      const { measure, value, measuredOn, note } = stored.data;
      plan.measurements = [...plan.measurements, { measure, value, measuredOn, note, recordedAt: at, recordedBy: by }];
      break;
    }
    case PlanEvents.budgetSet: {
      const { scope, budget, effectiveFrom } = stored.data;
      if (scope === 'department') plan.budgets = { ...plan.budgets, department: budget };
      else plan.budgets = { ...plan.budgets, projects: { ...plan.budgets.projects, [scope.slice('project:'.length)]: budget } };
      const entry: BudgetEntry = { budget, effectiveFrom, recordedAt: at };
      plan.budgetHistory = { ...plan.budgetHistory, [scope]: [...(plan.budgetHistory?.[scope] ?? []), entry] };
      break;
    }
    case PlanEvents.budgetPointsSet: {
      plan.budgetPoints = stored.data.points;
      break;
    }
    case PlanEvents.copied: {
      plan.copiedFrom = stored.data.fromYear;
      break;
    }
    case PlanEvents.sangongSet: {
      const { kind, line } = stored.data;
      plan.sangong = { ...plan.sangong, [kind]: line };
      break;
    }
    case PlanEvents.adjustmentRecorded: {
      const { adjustment } = stored.data;
      plan.adjustments = [...plan.adjustments, { ...adjustment, withdrawn: false }];
      break;
    }
    case PlanEvents.adjustmentWithdrawn: {
      const { id } = stored.data;
      plan.adjustments = plan.adjustments.map((a) => (a.id === id ? { ...a, withdrawn: true } : a));
      break;
    }
    case PlanEvents.deviationAnalysisSet: {
      const { scope, text } = stored.data;
      plan.deviationAnalysis = { ...plan.deviationAnalysis, [scope]: text };
      break;
    }
    default:
      // Every type of PlanEvent is applied above: one added without its case fails to compile here.
      stored satisfies never;
  }
  return plan;
}

/** The empty plan an event of an unknown type belongs to (every plan event names its department-year). */
function emptyPlanOf(data: unknown): Plan {
  const key: Partial<Record<keyof PlanEventBase, unknown>> = typeof data === 'object' && data !== null ? data : {};
  return emptyPlan(String(key.department ?? ''), Number(key.year ?? 0));
}

/** The fields of each change a plan accepts, by its kind. */
export interface PlanChangeFields {
  'define-measure': { measure: MeasureInput };
  'set-key-work-item': { item: KeyWorkItemInput };
  'remove-key-work-item': { no: number };
  'define-project': { project: Project };
  'set-goal': { goal: GoalInput };
  'set-target': { target: TargetInput };
  /** effectiveFrom: the day the new value applies from (default: the day it is decided). */
  'revise-target': { targetId: string; value: number; reason: string; effectiveFrom?: string };
  /** 分值 of an indicator (null: it shares its goal's points). */
  'set-target-points': { targetId: string; points: number | null };
  /** Confirm a target carried over from last year (沿用上年), or give the year's own value. */
  'confirm-target': { targetId: string; value?: number };
  'remove-target': { targetId: string; reason: string };
  'record-measurement': MeasurementInput;
  /** scope: 'department' or 'project:<code>' */
  'set-budget': { scope: string; budget: Budget; effectiveFrom?: string };
  /** 预算执行情况's points in the self-evaluations (default 20). */
  'set-budget-points': { points: number };
  /** A 三公 line's budget (and, for receptions, the per-person standard). */
  'set-sangong': { sangongKind: SangongKind; line: SangongBudgetInput };
  'record-score-adjustment': { adjustment: ScoreAdjustmentInput };
  'withdraw-score-adjustment': { id: string; reason: string };
  /** scope: 'department' or 'project:<code>' */
  'set-deviation-analysis': { scope: string; text: string };
}

export type PlanChangeKind = keyof PlanChangeFields;
type PlanChanges = { [K in PlanChangeKind]: { kind: K } & PlanChangeFields[K] };
/** The change of one kind: `{ kind, ...its fields }` (of a union of kinds: the union of their changes). */
export type PlanChangeOf<K extends PlanChangeKind> = PlanChanges[K];
/** Every change a plan accepts: one command type, one decision each. */
export type PlanChange = PlanChangeOf<PlanChangeKind>;

/** decide for one kind of change: decide(state, command), with the department's catalog and today. */
export type PlanChangeDecider<K extends PlanChangeKind> = (
  plan: Plan,
  change: PlanChangeOf<K>,
  catalog: CategorySpec[],
  context: PlanChangeContext,
) => PlanEvent[];
/** A decider for every kind, and nothing else. */
export type PlanChangeDeciders = { readonly [K in PlanChangeKind]: PlanChangeDecider<K> };

/** The one list of plan-change kinds: each with its decision. A kind without one does not compile. */
export const PLAN_CHANGE_DECIDERS = {
  'define-measure': (plan, change, catalog) => defineMeasure(plan, change.measure, catalog),
  'set-key-work-item': (plan, change) => setKeyWorkItem(plan, change.item),
  'remove-key-work-item': (plan, change) => removeKeyWorkItem(plan, change.no),
  'define-project': (plan, change) => defineProject(plan, change.project),
  'set-goal': (plan, change) => setGoal(plan, change.goal),
  'set-target': (plan, change) => setTarget(plan, change.target),
  'revise-target': (plan, change, _, context) =>
    reviseTarget(plan, change.targetId, change.value, change.reason, change.effectiveFrom, context),
  'set-target-points': (plan, change) => setTargetPoints(plan, change.targetId, change.points),
  'confirm-target': (plan, change) => confirmTarget(plan, change.targetId, change.value),
  'remove-target': (plan, change) => removeTarget(plan, change.targetId, change.reason),
  'record-measurement': (plan, change) => recordMeasurement(plan, change),
  'set-budget': (plan, change, _, context) => setBudget(plan, change.scope, change.budget, change.effectiveFrom, context),
  'set-budget-points': (plan, change) => setBudgetPoints(plan, change.points),
  'set-sangong': (plan, change) => setSangong(plan, change.sangongKind, change.line),
  'record-score-adjustment': (plan, change) => recordScoreAdjustment(plan, change.adjustment),
  'withdraw-score-adjustment': (plan, change) => withdrawScoreAdjustment(plan, change.id, change.reason),
  'set-deviation-analysis': (plan, change) => setDeviationAnalysis(plan, change.scope, change.text),
} as const satisfies PlanChangeDeciders;

/** Every kind of plan change, in the order of PLAN_CHANGE_DECIDERS. */
export const PLAN_CHANGE_KINDS = Object.keys(PLAN_CHANGE_DECIDERS) as readonly PlanChangeKind[];

export const isPlanChangeKind = (kind: unknown): kind is PlanChangeKind =>
  typeof kind === 'string' && Object.hasOwn(PLAN_CHANGE_DECIDERS, kind);

/** The field of each kind that must be an object (payloads arrive untyped: HTTP body, dataset file). */
const OBJECT_FIELDS: { readonly [K in PlanChangeKind]?: keyof PlanChangeFields[K] } = {
  'define-measure': 'measure',
  'set-key-work-item': 'item',
  'define-project': 'project',
  'set-goal': 'goal',
  'set-target': 'target',
  'set-budget': 'budget',
  'set-sangong': 'line',
  'record-score-adjustment': 'adjustment',
};

function decideKind<K extends PlanChangeKind>(
  plan: Plan,
  change: PlanChangeOf<K>,
  catalog: CategorySpec[],
  context: PlanChangeContext,
): PlanEvent[] {
  const deciders: PlanChangeDeciders = PLAN_CHANGE_DECIDERS;
  const decide = deciders[change.kind];
  return decide(plan, change, catalog, context);
}

export function decidePlanChange(plan: Plan, change: PlanChange, catalog: CategorySpec[], context: PlanChangeContext = {}): PlanEvent[] {
  // Payloads arrive untyped (HTTP body, dataset file): refuse what is not an object instead of a TypeError.
  if (change === null || typeof change !== 'object' || Array.isArray(change)) {
    throw new DomainValidationError([{ field: 'change', reason: 'must be an object with a kind' }]);
  }
  // Own keys only: a kind such as 'constructor' must not find Object.prototype members.
  if (!isPlanChangeKind(change.kind)) {
    throw new DomainValidationError([{ field: 'kind', reason: `unknown plan change; must be one of ${PLAN_CHANGE_KINDS.join(', ')}` }]);
  }
  const objectField = OBJECT_FIELDS[change.kind];
  if (objectField) {
    const value = (change as Record<string, unknown>)[objectField];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DomainValidationError([{ field: objectField, reason: 'must be an object' }]);
    }
  }
  if (change.kind === 'set-key-work-item' && change.item.milestones !== undefined && !Array.isArray(change.item.milestones)) {
    throw new DomainValidationError([{ field: 'item.milestones', reason: 'must be a list' }]);
  }
  if (change.kind === 'set-target' && (change.target.plan === null || typeof change.target.plan !== 'object')) {
    throw new DomainValidationError([{ field: 'target.plan', reason: 'must be an object' }]);
  }
  if (change.kind === 'define-measure' && change.measure.where != null && typeof change.measure.where !== 'object') {
    throw new DomainValidationError([{ field: 'measure.where', reason: 'must be an object' }]);
  }
  return decideKind(plan, change, catalog, context);
}
