import { Command } from '@nestjs/cqrs';
import type { ActivityFields, AmendOptions } from '../../domain/activity';
import type { ActivityResult } from '../activity-stream';
import type { CommandMeta } from '../command-runner';

export class AmendActivity extends Command<ActivityResult> {
  constructor(
    readonly department: string,
    readonly activityId: string,
    readonly changes: Partial<ActivityFields>,
    readonly expectedVersion: number | undefined,
    readonly meta: CommandMeta,
    /** `moveToYear`: a new date in another year is meant (the record leaves its year). */
    readonly options: AmendOptions = {},
  ) {
    super();
  }
}
