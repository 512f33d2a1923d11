import { Command } from '@nestjs/cqrs';
import type { Attributes } from '../../domain/attributes';
import type { ActivityResult } from '../activity-stream';
import type { CommandMeta } from '../command-runner';

/** Move an activity to another category, with the attributes that category takes. */
export class MoveActivity extends Command<ActivityResult> {
  constructor(
    readonly department: string,
    readonly activityId: string,
    readonly category: string,
    readonly attributes: Attributes,
    readonly reason: string | null,
    readonly expectedVersion: number | undefined,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
