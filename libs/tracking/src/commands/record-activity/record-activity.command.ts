import { Command } from '@nestjs/cqrs';
import type { ActivityFields } from '../../domain/activity';
import type { ActivityResult } from '../activity-stream';
import type { CommandMeta } from '../command-runner';

export class RecordActivity extends Command<ActivityResult> {
  constructor(
    readonly department: string,
    readonly fields: ActivityFields,
    readonly meta: CommandMeta,
    /** Optional caller-chosen id (imports derive it from the entry key). */
    readonly activityId?: string,
  ) {
    super();
  }
}
