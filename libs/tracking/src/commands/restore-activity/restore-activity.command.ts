import { Command } from '@nestjs/cqrs';
import type { ActivityResult } from '../activity-stream';
import type { CommandMeta } from '../command-runner';

/** Restore a withdrawn activity (it counts again). */
export class RestoreActivity extends Command<ActivityResult> {
  constructor(
    readonly department: string,
    readonly activityId: string,
    readonly reason: string | null,
    readonly expectedVersion: number | undefined,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
