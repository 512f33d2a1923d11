import { Command } from '@nestjs/cqrs';
import type { ActivityFields } from '../../domain/activity';
import type { ActivityResult } from '../activity-stream';
import type { CommandMeta } from '../command-runner';

export class AmendActivity extends Command<ActivityResult> {
  constructor(
    readonly department: string,
    readonly activityId: string,
    readonly changes: Partial<ActivityFields>,
    readonly expectedVersion: number | undefined,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
