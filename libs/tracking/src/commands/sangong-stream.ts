import type { NewEvent } from '@app/event-store';
import { NotFoundError } from '../domain/errors';
import { evolveSangongRecord, sangongStreamId, type SangongContext, type SangongRecord } from '../domain/sangong/record';
import type { CommandResult, Reads, TrackingCommand, UseCase } from './command-runner';

/** What a 三公 command answers: the append's result and the record it concerns. */
export type SangongResult = CommandResult & { recordId: string };

/** A command on one 三公 record of a department. */
export interface SangongCommand extends TrackingCommand {
  readonly department: string;
  readonly recordId: string;
}

/** What a correction (amend, withdraw, restore) decides on. */
export interface SangongState {
  record: SangongRecord;
}

/** The record's stream, folded with the domain's evolve. */
export const sangongStream = {
  streamId: (command: SangongCommand) => sangongStreamId(command.recordId),
  tenant: (command: SangongCommand) => command.department,
  initialState: (): SangongRecord | null => null,
  evolve: evolveSangongRecord,
};

/**
 * The use case of a correction: the record must exist in the command's department (404
 * otherwise: another department's record is never revealed); decide sees it, and what `given` adds.
 */
export function sangongCorrection<C extends SangongCommand, G extends SangongState = SangongState>(
  decide: (state: G, command: C) => NewEvent[],
  given: (record: SangongRecord, command: C, read: Reads) => Promise<G> = async (record) => ({ record }) as G,
): UseCase<C, SangongRecord | null, G, SangongResult> {
  return {
    ...sangongStream,
    given: (record, command, read) => given(requireRecord(record, command), command, read),
    decide,
    result: (result, command) => ({ ...result, recordId: command.recordId }),
  };
}

function requireRecord(record: SangongRecord | null, command: SangongCommand): SangongRecord {
  if (!record || record.department !== command.department) {
    throw new NotFoundError('SANGONG.NOT_FOUND', `Unknown 三公 record ${command.recordId}`, { recordId: command.recordId });
  }
  return record;
}

/**
 * The activities a trip names as served, read to check they are activities of the department
 * (the decision rests on them as read; a later withdrawal of one does not undo the trip).
 */
export async function servedActivities(read: Reads, department: string, ids: unknown): Promise<SangongContext> {
  const known = new Set<string>();
  if (!Array.isArray(ids)) return { knownActivityIds: known };
  const candidates = [...new Set(ids.filter((id): id is string => typeof id === 'string' && UUID.test(id)))].slice(0, 100);
  const found = await Promise.all(candidates.map((id) => read.activity(id)));
  for (const activity of found) if (activity && activity.department === department) known.add(activity.id);
  return { knownActivityIds: known };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
