import { withdrawSangong, type SangongEvent } from '../../domain/sangong/record';
import type { SangongState } from '../sangong-stream';
import type { WithdrawSangong } from './withdraw-sangong.command';

/** decide: withdraw a live record, with a reason. */
export function decideWithdrawSangong(state: SangongState, command: WithdrawSangong): SangongEvent[] {
  return withdrawSangong(state.record, command.reason);
}
