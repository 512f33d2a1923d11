import type { Upcast, UpcasterMap } from '@app/event-store';
import { PlanEvents, type PlanEventBase, type SangongBudget, type SangongKind, type SangongSet } from './plan';

/** A 三公 line as plan.sangong-set.v1 stored it: the budget with the actual and the counts. */
export interface SangongLineV1 {
  budget: number;
  actual?: number;
  groups?: number | null;
  persons?: number | null;
  foreignGroups?: number | null;
  foreignPersons?: number | null;
  vehiclesHeld?: number | null;
}

/** plan.sangong-set.v1: budget, actual and counts of a 三公 line, entered in the plan. */
export interface SangongSetV1 extends PlanEventBase {
  kind: SangongKind;
  line: SangongLineV1;
  previous: SangongLineV1 | null;
}

const budgetOf = (line: SangongLineV1): SangongBudget => ({ budget: line.budget, perPersonStandard: null });

/**
 * plan.sangong-set.v1 → v2: the budget only. The actual and the counts it held are dropped:
 * what was spent now comes from the 三公 records (a re-import records the same figures as a
 * summary record), so a database created before the change never counts them twice.
 */
export function sangongSetV1ToV2(data: SangongSetV1): Upcast<SangongSet> {
  return {
    type: PlanEvents.sangongSet,
    data: {
      department: data.department,
      year: data.year,
      kind: data.kind,
      line: budgetOf(data.line),
      previous: data.previous ? budgetOf(data.previous) : null,
    },
  };
}

/** The plan stream's upcasters, by the stored type they read. */
export const PLAN_UPCASTERS: UpcasterMap = {
  'plan.sangong-set.v1': sangongSetV1ToV2,
};
