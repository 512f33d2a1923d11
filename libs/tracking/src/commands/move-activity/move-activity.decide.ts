import { moveActivity, type ActivityEvent } from '../../domain/activity';
import type { CatalogState } from '../activity-stream';
import type { MoveActivity } from './move-activity.command';

/** decide: move to another category of the department's catalog. */
export function decideMoveActivity(state: CatalogState, command: MoveActivity): ActivityEvent[] {
  return moveActivity(state.activity, command.category, command.attributes, command.reason, state.department.catalog);
}
