import type { StoredEvent } from '@app/event-store';
import type { CategorySpec } from './catalog';
import { sameValue } from './canonical';
import { isCalendarDate } from './dates';
import { DomainValidationError, NotFoundError, StateConflictError, type FieldError } from './errors';

/** How a measure turns activities into a number. */
export type MeasureKind = 'count' | 'count-distinct-parents' | 'sum' | 'measured';
export type ValueType = 'count' | 'rate' | 'amount';
/** 正向 at least X ('>=') or 反向 at most X ('<='). */
export type Direction = '>=' | '<=';

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
  at: string;
  by: string | null;
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

/** A scored group: a department goal (40 points) or a project's 一级指标 group. */
export interface Goal {
  scope: 'department' | 'project';
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

export const SANGONG_KINDS = ['tripsAbroad', 'vehiclePurchase', 'vehicleRunning', 'receptions'] as const;
/** 三公经费: trips abroad, official vehicles (purchase, running) and receptions. */
export type SangongKind = (typeof SANGONG_KINDS)[number];
export interface SangongLine {
  budget: number;
  actual: number;
  groups: number | null;
  persons: number | null;
  foreignGroups: number | null;
  foreignPersons: number | null;
  vehiclesHeld: number | null;
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
  budgets: { department: Budget | null; projects: Record<string, Budget> };
  sangong: Partial<Record<SangongKind, SangongLine>>;
  measurements: Measurement[];
  adjustments: ScoreAdjustment[];
  /** 偏差大或目标未完成原因分析, by scope ('department' or 'project:<code>'). */
  deviationAnalysis: Record<string, string>;
  version: number;
}

export const planStreamId = (department: string, year: number): string => `plan-${department}-${year}`;

export const PlanEvents = {
  measureDefined: 'plan.measure-defined.v1',
  keyWorkItemSet: 'plan.key-work-item-set.v1',
  keyWorkItemRemoved: 'plan.key-work-item-removed.v1',
  projectDefined: 'plan.project-defined.v1',
  goalSet: 'plan.goal-set.v1',
  targetSet: 'plan.target-set.v1',
  targetRevised: 'plan.target-revised.v1',
  targetRemoved: 'plan.target-removed.v1',
  measurementRecorded: 'plan.measurement-recorded.v1',
  budgetSet: 'plan.budget-set.v1',
  sangongSet: 'plan.sangong-set.v1',
  adjustmentRecorded: 'plan.score-adjustment-recorded.v1',
  adjustmentWithdrawn: 'plan.score-adjustment-withdrawn.v1',
  deviationAnalysisSet: 'plan.deviation-analysis-set.v1',
} as const;

export type PlanEvent = { type: (typeof PlanEvents)[keyof typeof PlanEvents]; data: Record<string, unknown> };

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

function event(type: PlanEvent['type'], plan: Plan, data: Record<string, unknown>): PlanEvent {
  return { type, data: { department: plan.department, year: plan.year, ...data } };
}

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

export function defineMeasure(plan: Plan, measure: Measure, catalog: CategorySpec[]): PlanEvent[] {
  const errors: FieldError[] = [];
  if (!CODE.test(measure.code ?? '')) errors.push({ field: 'code', reason: 'must be a lowercase code (a-z, 0-9, -)' });
  if (!isText(measure.name, 200)) errors.push({ field: 'name', reason: 'is required' });
  if (typeof measure.unit !== 'string' || measure.unit.length > 20)
    errors.push({ field: 'unit', reason: 'must be text of at most 20 characters' });
  if (!['count', 'count-distinct-parents', 'sum', 'measured'].includes(measure.kind)) {
    errors.push({ field: 'kind', reason: 'must be count, count-distinct-parents, sum or measured' });
  }
  if (!['count', 'rate', 'amount'].includes(measure.valueType))
    errors.push({ field: 'valueType', reason: 'must be count, rate or amount' });
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
    category: measure.kind === 'measured' ? null : measure.category,
    where: measure.kind === 'measured' ? {} : where,
    attribute: measure.kind === 'sum' ? measure.attribute : null,
    valueType: measure.valueType,
  };
  const previous = plan.measures.find((m) => m.code === measure.code) ?? null;
  if (previous && sameValue(previous, normalised)) return [];
  return [event(PlanEvents.measureDefined, plan, { measure: normalised, previous })];
}

export function setKeyWorkItem(plan: Plan, item: KeyWorkItem): PlanEvent[] {
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
  return [event(PlanEvents.keyWorkItemSet, plan, { item: normalised, previous })];
}

export function removeKeyWorkItem(plan: Plan, no: number): PlanEvent[] {
  const previous = plan.keyWork.find((k) => k.no === no);
  if (!previous) throw new NotFoundError('KEY_WORK_ITEM.NOT_FOUND', `No key-work item ${no} in ${plan.year}`);
  return [event(PlanEvents.keyWorkItemRemoved, plan, { no, previous })];
}

export function defineProject(plan: Plan, project: Project): PlanEvent[] {
  const errors: FieldError[] = [];
  if (!CODE.test(project.code ?? '')) errors.push({ field: 'code', reason: 'must be a lowercase code' });
  if (!isText(project.name, 200)) errors.push({ field: 'name', reason: 'is required' });
  fail(errors);
  const previous = plan.projects.find((p) => p.code === project.code) ?? null;
  if (previous?.name === project.name.trim()) return [];
  return [event(PlanEvents.projectDefined, plan, { project: { code: project.code, name: project.name.trim() }, previous })];
}

export function setGoal(plan: Plan, goal: Goal): PlanEvent[] {
  const errors: FieldError[] = [];
  if (goal.scope !== 'department' && goal.scope !== 'project') errors.push({ field: 'scope', reason: 'must be department or project' });
  if (goal.scope === 'project' && !plan.projects.some((p) => p.code === goal.project)) {
    errors.push({ field: 'project', reason: 'unknown project (define it first)' });
  }
  if (!isCount(goal.no) || goal.no < 1) errors.push({ field: 'no', reason: 'must be a number from 1' });
  if (!isText(goal.text, 2000)) errors.push({ field: 'text', reason: 'is required' });
  if (!isAmount(goal.points) || goal.points > 100) errors.push({ field: 'points', reason: 'must be between 0 and 100' });
  fail(errors);
  const normalised: Goal = { ...goal, project: goal.scope === 'project' ? goal.project : null, text: goal.text.trim() };
  const previous = plan.goals.find((g) => g.scope === goal.scope && g.project === normalised.project && g.no === goal.no) ?? null;
  if (previous && sameValue(previous, normalised)) return [];
  return [event(PlanEvents.goalSet, plan, { goal: normalised, previous })];
}

export function setTarget(plan: Plan, target: Omit<Target, 'original' | 'revisions'>): PlanEvent[] {
  const errors: FieldError[] = [];
  if (!CODE.test(target.id ?? '')) errors.push({ field: 'id', reason: 'must be a lowercase code' });
  if (!plan.measures.some((m) => m.code === target.measure)) errors.push({ field: 'measure', reason: 'unknown measure (define it first)' });
  if (target.direction !== '>=' && target.direction !== '<=') errors.push({ field: 'direction', reason: "must be '>=' or '<='" });
  if (!isAmount(target.value)) errors.push({ field: 'value', reason: 'must be a number ≥ 0' });
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
    event(PlanEvents.targetSet, plan, {
      target: { ...target, unit: target.unit ?? '', labels: target.labels ?? null },
    }),
  ];
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

/** 预算调整: the new value is used from now on; the original stays visible. */
export function reviseTarget(plan: Plan, targetId: string, value: number, reason: string): PlanEvent[] {
  const target = requireTarget(plan, targetId);
  const errors: FieldError[] = [];
  if (!isAmount(value)) errors.push({ field: 'value', reason: 'must be a number ≥ 0' });
  if (!isText(reason, 1000)) errors.push({ field: 'reason', reason: 'a revision needs a reason' });
  if (value === target.value) errors.push({ field: 'value', reason: 'nothing would change' });
  fail(errors);
  return [event(PlanEvents.targetRevised, plan, { targetId, value, previous: target.value, reason: reason.trim() })];
}

export function removeTarget(plan: Plan, targetId: string, reason: string): PlanEvent[] {
  const target = requireTarget(plan, targetId);
  if (!isText(reason, 1000)) throw new DomainValidationError([{ field: 'reason', reason: 'a removal needs a reason' }]);
  return [event(PlanEvents.targetRemoved, plan, { targetId, reason: reason.trim(), previous: target })];
}

export function recordMeasurement(
  plan: Plan,
  m: { measure: string; value: number; measuredOn: string; note?: string | null },
): PlanEvent[] {
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
    event(PlanEvents.measurementRecorded, plan, { measure: m.measure, value: m.value, measuredOn: m.measuredOn, note: m.note ?? null }),
  ];
}

export function setBudget(plan: Plan, scope: string, budget: Budget): PlanEvent[] {
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
  return [event(PlanEvents.budgetSet, plan, { scope, budget: normalised, previous })];
}

export function setSangong(plan: Plan, kind: SangongKind, line: Partial<SangongLine> & { budget: number; actual: number }): PlanEvent[] {
  const errors: FieldError[] = [];
  if (!SANGONG_KINDS.includes(kind)) errors.push({ field: 'kind', reason: `must be one of ${SANGONG_KINDS.join(', ')}` });
  if (!isAmount(line?.budget)) errors.push({ field: 'budget', reason: 'must be an amount ≥ 0 (万元)' });
  if (!isAmount(line?.actual)) errors.push({ field: 'actual', reason: 'must be an amount ≥ 0 (万元)' });
  const counts = ['groups', 'persons', 'foreignGroups', 'foreignPersons', 'vehiclesHeld'] as const;
  for (const key of counts) {
    if (line?.[key] != null && !isCount(line[key])) errors.push({ field: key, reason: 'must be a whole number ≥ 0' });
  }
  fail(errors);
  const normalised: SangongLine = {
    budget: line.budget,
    actual: line.actual,
    groups: line.groups ?? null,
    persons: line.persons ?? null,
    foreignGroups: line.foreignGroups ?? null,
    foreignPersons: line.foreignPersons ?? null,
    vehiclesHeld: line.vehiclesHeld ?? null,
  };
  const previous = plan.sangong[kind] ?? null;
  if (previous && sameValue(previous, normalised)) return [];
  return [event(PlanEvents.sangongSet, plan, { kind, line: normalised, previous })];
}

export function recordScoreAdjustment(plan: Plan, a: { id: string; scope: string; points: number; reason: string }): PlanEvent[] {
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
    event(PlanEvents.adjustmentRecorded, plan, { adjustment: { id: a.id, scope: a.scope, points: a.points, reason: a.reason.trim() } }),
  ];
}

export function withdrawScoreAdjustment(plan: Plan, id: string, reason: string): PlanEvent[] {
  const existing = plan.adjustments.find((x) => x.id === id && !x.withdrawn);
  if (!existing) throw new NotFoundError('ADJUSTMENT.NOT_FOUND', `No adjustment ${id}`);
  if (!isText(reason, 1000)) throw new DomainValidationError([{ field: 'reason', reason: 'is required' }]);
  return [event(PlanEvents.adjustmentWithdrawn, plan, { id, reason: reason.trim() })];
}

export function setDeviationAnalysis(plan: Plan, scope: string, text: string): PlanEvent[] {
  const errors: FieldError[] = [];
  if (scope !== 'department' && !plan.projects.some((p) => `project:${p.code}` === scope)) {
    errors.push({ field: 'scope', reason: "must be 'department' or 'project:<code>'" });
  }
  if (!isText(text, 20000)) errors.push({ field: 'text', reason: 'is required' });
  fail(errors);
  if (plan.deviationAnalysis[scope] === text) return [];
  return [event(PlanEvents.deviationAnalysisSet, plan, { scope, text, previous: plan.deviationAnalysis[scope] ?? null })];
}

const byNo = <T extends { no: number }>(a: T, b: T) => a.no - b.no;
const upsert = <T>(list: T[], item: T, same: (x: T) => boolean): T[] =>
  list.some(same) ? list.map((x) => (same(x) ? item : x)) : [...list, item];

/** evolve: the plan after one of its stored events. */
export function evolvePlan(state: Plan | null, event: StoredEvent): Plan {
  const d = event.data as Record<string, any>;
  const plan = { ...(state ?? emptyPlan(d.department, d.year)), version: event.streamVersion };
  const at = event.recordedAt instanceof Date ? event.recordedAt.toISOString() : String(event.recordedAt);
  switch (event.type) {
    case PlanEvents.measureDefined:
      plan.measures = upsert(plan.measures, d.measure as Measure, (m) => m.code === d.measure.code);
      break;
    case PlanEvents.keyWorkItemSet:
      plan.keyWork = upsert(plan.keyWork, d.item as KeyWorkItem, (k) => k.no === d.item.no).sort(byNo);
      break;
    case PlanEvents.keyWorkItemRemoved:
      plan.keyWork = plan.keyWork.filter((k) => k.no !== d.no);
      break;
    case PlanEvents.projectDefined:
      plan.projects = upsert(plan.projects, d.project as Project, (p) => p.code === d.project.code);
      break;
    case PlanEvents.goalSet: {
      const goal = d.goal as Goal;
      plan.goals = upsert(plan.goals, goal, (g) => g.scope === goal.scope && g.project === goal.project && g.no === goal.no);
      break;
    }
    case PlanEvents.targetSet:
      plan.targets = [...plan.targets, { ...d.target, original: d.target.value, revisions: [] }];
      break;
    case PlanEvents.targetRevised:
      plan.targets = plan.targets.map((t) =>
        t.id === d.targetId
          ? {
              ...t,
              value: d.value,
              revisions: [...t.revisions, { value: d.value, previous: d.previous, reason: d.reason, at, by: event.metadata.actor ?? null }],
            }
          : t,
      );
      break;
    case PlanEvents.targetRemoved:
      plan.targets = plan.targets.filter((t) => t.id !== d.targetId);
      break;
    case PlanEvents.measurementRecorded:
      plan.measurements = [
        ...plan.measurements,
        {
          measure: d.measure,
          value: d.value,
          measuredOn: d.measuredOn,
          note: d.note,
          recordedAt: at,
          recordedBy: event.metadata.actor ?? null,
        },
      ];
      break;
    case PlanEvents.budgetSet:
      if (d.scope === 'department') plan.budgets = { ...plan.budgets, department: d.budget };
      else plan.budgets = { ...plan.budgets, projects: { ...plan.budgets.projects, [d.scope.slice('project:'.length)]: d.budget } };
      break;
    case PlanEvents.sangongSet:
      plan.sangong = { ...plan.sangong, [d.kind]: d.line };
      break;
    case PlanEvents.adjustmentRecorded:
      plan.adjustments = [...plan.adjustments, { ...d.adjustment, withdrawn: false }];
      break;
    case PlanEvents.adjustmentWithdrawn:
      plan.adjustments = plan.adjustments.map((a) => (a.id === d.id ? { ...a, withdrawn: true } : a));
      break;
    case PlanEvents.deviationAnalysisSet:
      plan.deviationAnalysis = { ...plan.deviationAnalysis, [d.scope]: d.text };
      break;
  }
  return plan;
}

/** Every change a plan accepts: one command type, one decision each. */
export type PlanChange =
  | { kind: 'define-measure'; measure: Measure }
  | { kind: 'set-key-work-item'; item: KeyWorkItem }
  | { kind: 'remove-key-work-item'; no: number }
  | { kind: 'define-project'; project: Project }
  | { kind: 'set-goal'; goal: Goal }
  | { kind: 'set-target'; target: Omit<Target, 'original' | 'revisions'> }
  | { kind: 'revise-target'; targetId: string; value: number; reason: string }
  | { kind: 'remove-target'; targetId: string; reason: string }
  | { kind: 'record-measurement'; measure: string; value: number; measuredOn: string; note?: string | null }
  | { kind: 'set-budget'; scope: string; budget: Budget }
  | { kind: 'set-sangong'; sangongKind: SangongKind; line: Partial<SangongLine> & { budget: number; actual: number } }
  | { kind: 'record-score-adjustment'; adjustment: { id: string; scope: string; points: number; reason: string } }
  | { kind: 'withdraw-score-adjustment'; id: string; reason: string }
  | { kind: 'set-deviation-analysis'; scope: string; text: string };

const OBJECT_FIELDS: Partial<Record<PlanChange['kind'], string>> = {
  'define-measure': 'measure',
  'set-key-work-item': 'item',
  'define-project': 'project',
  'set-goal': 'goal',
  'set-target': 'target',
  'set-budget': 'budget',
  'set-sangong': 'line',
  'record-score-adjustment': 'adjustment',
};

export function decidePlanChange(plan: Plan, change: PlanChange, catalog: CategorySpec[]): PlanEvent[] {
  // Payloads arrive untyped (HTTP body, dataset file): refuse what is not an object instead of a TypeError.
  if (change === null || typeof change !== 'object' || Array.isArray(change)) {
    throw new DomainValidationError([{ field: 'change', reason: 'must be an object with a kind' }]);
  }
  // Own keys only: a kind such as 'constructor' must not find Object.prototype members.
  const objectField = Object.hasOwn(OBJECT_FIELDS, change.kind) ? OBJECT_FIELDS[change.kind] : undefined;
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
  switch (change.kind) {
    case 'define-measure':
      return defineMeasure(plan, change.measure, catalog);
    case 'set-key-work-item':
      return setKeyWorkItem(plan, change.item);
    case 'remove-key-work-item':
      return removeKeyWorkItem(plan, change.no);
    case 'define-project':
      return defineProject(plan, change.project);
    case 'set-goal':
      return setGoal(plan, change.goal);
    case 'set-target':
      return setTarget(plan, change.target);
    case 'revise-target':
      return reviseTarget(plan, change.targetId, change.value, change.reason);
    case 'remove-target':
      return removeTarget(plan, change.targetId, change.reason);
    case 'record-measurement':
      return recordMeasurement(plan, change);
    case 'set-budget':
      return setBudget(plan, change.scope, change.budget);
    case 'set-sangong':
      return setSangong(plan, change.sangongKind, change.line);
    case 'record-score-adjustment':
      return recordScoreAdjustment(plan, change.adjustment);
    case 'withdraw-score-adjustment':
      return withdrawScoreAdjustment(plan, change.id, change.reason);
    case 'set-deviation-analysis':
      return setDeviationAnalysis(plan, change.scope, change.text);
    default:
      throw new DomainValidationError([{ field: 'kind', reason: 'unknown plan change' }]);
  }
}
