import { Command } from '@nestjs/cqrs';
import type { Attributes } from '../domain/attributes';
import type { ActivityFields } from '../domain/activity';
import type { CommandMeta, CommandResult } from '../streams';

export type ActivityResult = CommandResult & { activityId: string };

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
