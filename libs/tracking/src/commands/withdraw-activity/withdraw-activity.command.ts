import { Command } from '@nestjs/cqrs';
import type { ActivityResult } from '../activity-stream';
import type { CommandMeta } from '../command-runner';

/** Withdraw an activity (it stops counting; its history stays), with a reason. */
export class WithdrawActivity extends Command<ActivityResult> {
  constructor(
    readonly department: string,
    readonly activityId: string,
    readonly reason: string,
    readonly expectedVersion: number | undefined,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
