import type { NewEvent } from '@app/event-store';
import type { Department } from '../../domain/department';
import { DomainValidationError } from '../../domain/errors';
import type { Plan } from '../../domain/plan';
import { copyPlan } from '../../domain/plan-copy';
import type { CopyPlan } from './copy-plan.command';

export interface CopyPlanState {
  /** The year's plan as it is (empty when nothing was planned yet). */
  plan: Plan;
  /** The plan copied from. */
  source: Plan;
  /** The department (404 when unknown; the append holds only while it is at this version). */
  department: Department;
}

const isYear = (year: number) => Number.isInteger(year) && year >= 2000 && year <= 2100;

/** decide: copy what the year does not have yet from the source year's plan. */
export function decideCopyPlan(state: CopyPlanState, command: CopyPlan): NewEvent[] {
  const errors = [];
  if (!isYear(command.year)) errors.push({ field: 'year', reason: 'must be a year between 2000 and 2100' });
  if (!isYear(command.fromYear)) errors.push({ field: 'from', reason: 'must be a year between 2000 and 2100' });
  if (errors.length > 0) throw new DomainValidationError(errors);
  return copyPlan(state.plan, state.source);
}
