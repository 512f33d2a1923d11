import { amendSangong, type SangongContext, type SangongEvent } from '../../domain/sangong/record';
import type { SangongState } from '../sangong-stream';
import type { AmendSangong } from './amend-sangong.command';

export type AmendSangongState = SangongState & SangongContext;

/** decide: amend a record of the command's kind. */
export function decideAmendSangong(state: AmendSangongState, command: AmendSangong): SangongEvent[] {
  return amendSangong(state.record, command.kind, command.changes, state);
}
