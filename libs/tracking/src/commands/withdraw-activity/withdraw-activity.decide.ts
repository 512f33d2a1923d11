import { withdrawActivity, type ActivityEvent } from '../../domain/activity';
import type { ActivityState } from '../activity-stream';
import type { WithdrawActivity } from './withdraw-activity.command';

/** decide: withdraw an active activity, with a reason. */
export function decideWithdrawActivity(state: ActivityState, command: WithdrawActivity): ActivityEvent[] {
  return withdrawActivity(state.activity, command.reason);
}
