import { amendActivity, type Activity, type ActivityEvent } from '../../domain/activity';
import { checkParent, type CatalogState } from '../activity-stream';
import type { AmendActivity } from './amend-activity.command';

export interface AmendActivityState extends CatalogState {
  /** The project named by `changes.parentId`, when one is named. */
  parent: Activity | null;
}

/** decide: amend any fields (unchanged values dropped, an empty amendment refused, another year only when meant). */
export function decideAmendActivity(state: AmendActivityState, command: AmendActivity): ActivityEvent[] {
  if (command.changes.parentId) checkParent(state.parent, command.department);
  return amendActivity(state.activity, command.changes, state.department.catalog, command.options);
}
