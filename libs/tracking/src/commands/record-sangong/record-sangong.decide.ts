import type { Department } from '../../domain/department';
import { DomainValidationError } from '../../domain/errors';
import { recordSangong, type SangongContext, type SangongEvent, type SangongRecord } from '../../domain/sangong/record';
import type { RecordSangong } from './record-sangong.command';

/** RecordSangong with its id: the caller's, or one drawn for it (`drawn`: a stream nobody has written). */
export type RecordSangongWithId = RecordSangong & { readonly recordId: string; readonly drawn: boolean };

export interface RecordSangongState extends SangongContext {
  /** The record's stream so far (null: not recorded, as it must be). */
  record: SangongRecord | null;
  department: Department;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** decide: record a new 三公 record of the department. */
export function decideRecordSangong(state: RecordSangongState, command: RecordSangongWithId): SangongEvent[] {
  if (!UUID.test(command.recordId)) throw new DomainValidationError([{ field: 'recordId', reason: 'must be a lowercase UUID' }]);
  return recordSangong(state.record, { recordId: command.recordId, department: state.department.code, fields: command.fields }, state);
}
