import { recordActivity, type Activity, type ActivityEvent } from '../../domain/activity';
import type { Department } from '../../domain/department';
import { DomainValidationError } from '../../domain/errors';
import { checkParent, UUID } from '../activity-stream';
import type { RecordActivity } from './record-activity.command';

/** RecordActivity with its id: the caller's, or one drawn for it (`drawn`: a stream nobody has written). */
export type RecordActivityWithId = RecordActivity & { readonly activityId: string; readonly drawn: boolean };

export interface RecordActivityState {
  /** The activity's stream so far (null: not recorded, as it must be). */
  activity: Activity | null;
  department: Department;
  /** The project named as parentId, when one is named. */
  parent: Activity | null;
}

/** decide: record a new activity in a category of the department's catalog. */
export function decideRecordActivity(state: RecordActivityState, command: RecordActivityWithId): ActivityEvent[] {
  if (!UUID.test(command.activityId)) throw new DomainValidationError([{ field: 'activityId', reason: 'must be a lowercase UUID' }]);
  if (command.fields.parentId) checkParent(state.parent, command.department);
  return recordActivity(
    state.activity,
    { ...command.fields, activityId: command.activityId, department: state.department.code },
    state.department.catalog,
  );
}
