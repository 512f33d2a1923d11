import type { NewEvent } from '@app/event-store';
import type { Department } from '../../domain/department';
import { DomainValidationError } from '../../domain/errors';
import { decidePlanChange, type Plan } from '../../domain/plan';
import type { ChangePlan } from './change-plan.command';

export interface ChangePlanState {
  plan: Plan;
  /** For the catalog measures count from (the append holds only while the department is at this version). */
  department: Department;
  /** Today in the department's time zone: the day a revision applies from unless it says otherwise. */
  today?: string;
}

/** decide: one change of the plan, through the domain's decider of its kind. */
export function decideChangePlan(state: ChangePlanState, command: ChangePlan): NewEvent[] {
  if (!Number.isInteger(command.year) || command.year < 2000 || command.year > 2100) {
    throw new DomainValidationError([{ field: 'year', reason: 'must be a year between 2000 and 2100' }]);
  }
  return decidePlanChange(state.plan, command.change, state.department.catalog, { today: state.today });
}
