import { restoreSangong, type SangongEvent } from '../../domain/sangong/record';
import type { SangongState } from '../sangong-stream';
import type { RestoreSangong } from './restore-sangong.command';

/** decide: restore a withdrawn record. */
export function decideRestoreSangong(state: SangongState, command: RestoreSangong): SangongEvent[] {
  return restoreSangong(state.record, command.reason);
}
