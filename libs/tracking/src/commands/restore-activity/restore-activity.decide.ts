import { restoreActivity, type ActivityEvent } from '../../domain/activity';
import type { ActivityState } from '../activity-stream';
import type { RestoreActivity } from './restore-activity.command';

/** decide: restore a withdrawn activity. */
export function decideRestoreActivity(state: ActivityState, command: RestoreActivity): ActivityEvent[] {
  return restoreActivity(state.activity, command.reason);
}
