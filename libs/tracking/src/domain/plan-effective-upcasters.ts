import type { Upcast, UpcasterMap } from '@app/event-store';
import { PlanEvents, type Budget, type BudgetSet, type PlanEventBase, type TargetRevised } from './plan';

/** plan.target-revised.v1: a revision without the day it applies from. */
export interface TargetRevisedV1 extends PlanEventBase {
  targetId: string;
  value: number;
  previous: number;
  reason: string;
}

/** plan.budget-set.v1: a budget without the day it applies from. */
export interface BudgetSetV1 extends PlanEventBase {
  scope: string;
  budget: Budget;
  previous: Budget | null;
}

const yearStart = (data: PlanEventBase): string => `${data.year}-01-01`;

/**
 * plan.target-revised.v1 → v2: a revision stored before revisions had an effective day applies
 * from the start of its year (what every figure showed before: the revised value all year).
 */
export function targetRevisedV1ToV2(data: TargetRevisedV1): Upcast<TargetRevised> {
  return { type: PlanEvents.targetRevised, data: { ...data, effectiveFrom: yearStart(data) } };
}

/** plan.budget-set.v1 → v2: a budget stored before budgets had an effective day applies from the start of its year. */
export function budgetSetV1ToV2(data: BudgetSetV1): Upcast<BudgetSet> {
  return { type: PlanEvents.budgetSet, data: { ...data, effectiveFrom: yearStart(data) } };
}

/** The plan stream's upcasters of the effective day, by the stored type they read. */
export const PLAN_EFFECTIVE_DAY_UPCASTERS: UpcasterMap = {
  'plan.target-revised.v1': targetRevisedV1ToV2,
  'plan.budget-set.v1': budgetSetV1ToV2,
};
