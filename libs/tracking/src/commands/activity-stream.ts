import type { NewEvent } from '@app/event-store';
import { activityStreamId, evolveActivity, type Activity } from '../domain/activity';
import type { Department } from '../domain/department';
import { DomainValidationError, NotFoundError } from '../domain/errors';
import type { CommandResult, Reads, TrackingCommand, UseCase } from './command-runner';

/** What an activity command answers: the append's result and the activity it concerns. */
export type ActivityResult = CommandResult & { activityId: string };

/** A command on one activity of a department. */
export interface ActivityCommand extends TrackingCommand {
  readonly department: string;
  readonly activityId: string;
}

/** What a correction (amend, move, withdraw, restore) decides on. */
export interface ActivityState {
  activity: Activity;
}

/** A correction checked against the department's catalog (amend, move). */
export interface CatalogState extends ActivityState {
  /** The append holds only while the department is still at this version. */
  department: Department;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The activity's stream, folded with the domain's evolve. */
export const activityStream = {
  streamId: (command: ActivityCommand) => activityStreamId(command.activityId),
  tenant: (command: ActivityCommand) => command.department,
  initialState: (): Activity | null => null,
  evolve: evolveActivity,
};

/**
 * The use case of a correction: the activity must exist in the command's department (404
 * otherwise: another department's activity is never revealed); decide sees it, and what `given`
 * adds (withDepartment: the department, for its catalog).
 */
export function correction<C extends ActivityCommand, G extends ActivityState = ActivityState>(
  decide: (state: G, command: C) => NewEvent[],
  given: (activity: Activity, command: C, read: Reads) => Promise<G> = async (activity) => ({ activity }) as G,
): UseCase<C, Activity | null, G, ActivityResult> {
  return {
    ...activityStream,
    given: (activity, command, read) => given(requireActivity(activity, command), command, read),
    decide,
    result: (result, command) => ({ ...result, activityId: command.activityId }),
  };
}

/** given for a correction that needs the catalog: the activity and its department. */
export async function withDepartment(activity: Activity, command: ActivityCommand, read: Reads): Promise<CatalogState> {
  return { activity, department: await read.department(command.department) };
}

function requireActivity(activity: Activity | null, command: ActivityCommand): Activity {
  if (!activity || activity.department !== command.department) {
    throw new NotFoundError('ACTIVITY.NOT_FOUND', `Unknown activity ${command.activityId}`, { activityId: command.activityId });
  }
  return activity;
}

/** The project an activity names as its parent: read only when the id can be one. */
export async function readParent(read: Reads, parentId: string | null | undefined): Promise<Activity | null> {
  return parentId && UUID.test(parentId) ? read.activity(parentId) : null;
}

/** decide's check of a named parent: a project of this department, not itself a part. */
export function checkParent(parent: Activity | null, department: string): void {
  if (!parent || parent.department !== department) {
    throw new DomainValidationError([{ field: 'parentId', reason: 'unknown activity of this department' }]);
  }
  if (parent.parentId) {
    throw new DomainValidationError([{ field: 'parentId', reason: 'a part cannot have parts: name the project itself' }]);
  }
}
