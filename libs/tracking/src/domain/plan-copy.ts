import { DomainValidationError } from './errors';
import { DEFAULT_BUDGET_POINTS, PlanEvents, type Plan, type PlanEvent, type PlanEventBase, type Target } from './plan';

/** What a copy takes from a year's plan: everything that plans the year, nothing that happened in it. */
export interface CopiedContent {
  measures: Plan['measures'];
  keyWork: Plan['keyWork'];
  projects: Plan['projects'];
  goals: Plan['goals'];
  targets: Pick<Target, 'id' | 'plan' | 'measure' | 'direction' | 'value' | 'unit' | 'labels' | 'points'>[];
  budgetPoints: number;
}

/**
 * The part of a plan the next year starts from: measures, key-work items (with milestones),
 * projects, goals, targets with their labels and 分值 at their latest value, the budget points.
 * Budgets, measurements, 三公, deductions and analyses belong to their own year and are left.
 */
export function copiedContent(plan: Plan): CopiedContent {
  return {
    measures: plan.measures,
    keyWork: plan.keyWork,
    projects: plan.projects,
    goals: plan.goals,
    targets: plan.targets.map((t) => ({
      id: t.id,
      plan: t.plan,
      measure: t.measure,
      direction: t.direction,
      value: t.value,
      unit: t.unit,
      labels: t.labels,
      points: t.points ?? null,
    })),
    budgetPoints: plan.budgetPoints ?? DEFAULT_BUDGET_POINTS,
  };
}

/**
 * decide: start `plan`'s year from `source`'s (下一年沿用上年): every measure, key-work item,
 * project, goal and target the year does not have yet is added; a copied target is marked
 * carried over (沿用上年) until the reporter confirms or changes it. What the year already has
 * is kept as it is, so copying twice gives one plan (the second copy decides nothing).
 */
export function copyPlan(plan: Plan, source: Plan): PlanEvent[] {
  if (source.department !== plan.department || source.year === plan.year) {
    throw new DomainValidationError([{ field: 'from', reason: '只能沿用本部门另一年度的计划' }]);
  }
  const from = copiedContent(source);
  if (from.measures.length === 0 && from.keyWork.length === 0 && from.goals.length === 0 && from.targets.length === 0) {
    throw new DomainValidationError([{ field: 'from', reason: `${source.year} 年度没有可沿用的计划` }]);
  }
  const key: PlanEventBase = { department: plan.department, year: plan.year };
  const events: PlanEvent[] = [];
  for (const measure of from.measures) {
    if (!plan.measures.some((m) => m.code === measure.code)) {
      events.push({ type: PlanEvents.measureDefined, data: { ...key, measure: structuredClone(measure), previous: null } });
    }
  }
  for (const item of from.keyWork) {
    if (!plan.keyWork.some((k) => k.no === item.no)) {
      events.push({ type: PlanEvents.keyWorkItemSet, data: { ...key, item: structuredClone(item), previous: null } });
    }
  }
  for (const project of from.projects) {
    if (!plan.projects.some((p) => p.code === project.code)) {
      events.push({ type: PlanEvents.projectDefined, data: { ...key, project: { ...project }, previous: null } });
    }
  }
  for (const goal of from.goals) {
    if (!plan.goals.some((g) => g.scope === goal.scope && g.project === goal.project && g.no === goal.no)) {
      events.push({ type: PlanEvents.goalSet, data: { ...key, goal: { ...goal }, previous: null } });
    }
  }
  for (const target of from.targets) {
    if (!plan.targets.some((t) => t.id === target.id)) {
      events.push({
        type: PlanEvents.targetSet,
        data: { ...key, target: { ...structuredClone(target), carriedOver: { fromYear: source.year } } },
      });
    }
  }
  if (plan.budgetPoints === DEFAULT_BUDGET_POINTS && from.budgetPoints !== DEFAULT_BUDGET_POINTS) {
    events.push({ type: PlanEvents.budgetPointsSet, data: { ...key, points: from.budgetPoints, previous: plan.budgetPoints } });
  }
  if (events.length === 0) return [];
  const count = (type: PlanEvent['type']) => events.filter((e) => e.type === type).length;
  const copied = {
    measures: count(PlanEvents.measureDefined),
    keyWork: count(PlanEvents.keyWorkItemSet),
    projects: count(PlanEvents.projectDefined),
    goals: count(PlanEvents.goalSet),
    targets: count(PlanEvents.targetSet),
  };
  return [{ type: PlanEvents.copied, data: { ...key, fromYear: source.year, copied } }, ...events];
}
