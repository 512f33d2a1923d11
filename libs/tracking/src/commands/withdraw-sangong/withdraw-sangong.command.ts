import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../command-runner';
import type { SangongResult } from '../sangong-stream';

/** Withdraw a 三公 record (it stops counting; its history stays), with a reason. */
export class WithdrawSangong extends Command<SangongResult> {
  constructor(
    readonly department: string,
    readonly recordId: string,
    readonly reason: string,
    readonly expectedVersion: number | undefined,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
