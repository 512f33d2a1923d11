import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { IdSource } from '@app/config';
import { VersionConflictError } from '@app/event-store';
import {
  activityIdOf,
  activityStreamId,
  amendActivity,
  moveActivity,
  recordActivity,
  restoreActivity,
  withdrawActivity,
  type Activity,
  type ActivityEvent,
} from '../domain/activity';
import type { Department } from '../domain/department';
import { DomainValidationError } from '../domain/errors';
import { Streams, type CommandMeta } from '../streams';
import { AmendActivity, MoveActivity, RecordActivity, RestoreActivity, WithdrawActivity, type ActivityResult } from './activity.commands';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@CommandHandler(RecordActivity)
export class RecordActivityHandler implements ICommandHandler<RecordActivity> {
  constructor(
    private readonly streams: Streams,
    @Inject(IdSource) private readonly ids: IdSource,
  ) {}

  /** One round trip in the usual case: the department comes from this process's cache, checked by the append itself. */
  async execute(command: RecordActivity): Promise<ActivityResult> {
    const activityId = command.activityId ?? this.ids.newId();
    const result = await this.streams.appendOnDepartment(command.department, command.meta, async (department) => {
      if (!UUID.test(activityId)) throw new DomainValidationError([{ field: 'activityId', reason: 'must be a lowercase UUID' }]);
      if (command.fields.parentId) await requireParent(this.streams, command.department, command.fields.parentId);
      const existing = command.activityId ? await this.streams.activity(activityId) : null;
      const events = recordActivity(existing, { ...command.fields, activityId, department: department.code }, department.catalog);
      return { streamId: activityStreamId(activityId), events, expected: 'no-stream' };
    });
    // A repeated command id answers with its first activity, not the id drawn above.
    return { ...result, activityId: activityIdOf(result.streamId) };
  }
}

async function requireParent(streams: Streams, department: string, parentId: string): Promise<void> {
  const parent = UUID.test(parentId) ? await streams.activity(parentId) : null;
  if (!parent || parent.department !== department) {
    throw new DomainValidationError([{ field: 'parentId', reason: 'unknown activity of this department' }]);
  }
  if (parent.parentId)
    throw new DomainValidationError([{ field: 'parentId', reason: 'a part cannot have parts: name the project itself' }]);
}

/** Load → check version → decide → append with the version read, so a concurrent change loses with 409. */
async function correct(
  streams: Streams,
  department: string,
  activityId: string,
  expectedVersion: number | undefined,
  meta: CommandMeta,
  decide: (activity: Activity, catalog: Department['catalog']) => ActivityEvent[],
): Promise<ActivityResult> {
  const previous = await streams.previousResult(meta);
  if (previous) return { ...previous, activityId };
  const activity = await streams.requireActivity(department, activityId);
  if (expectedVersion !== undefined && expectedVersion !== activity.version) {
    throw new VersionConflictError(activityStreamId(activityId), expectedVersion, activity.version);
  }
  const result = await streams.appendOnDepartment(department, meta, ({ catalog }) => ({
    streamId: activityStreamId(activityId),
    events: decide(activity, catalog),
    expected: activity.version,
  }));
  return { ...result, activityId };
}

@CommandHandler(AmendActivity)
export class AmendActivityHandler implements ICommandHandler<AmendActivity> {
  constructor(private readonly streams: Streams) {}

  async execute(c: AmendActivity): Promise<ActivityResult> {
    if (c.changes.parentId) await requireParent(this.streams, c.department, c.changes.parentId);
    return correct(this.streams, c.department, c.activityId, c.expectedVersion, c.meta, (activity, catalog) =>
      amendActivity(activity, c.changes, catalog),
    );
  }
}

@CommandHandler(MoveActivity)
export class MoveActivityHandler implements ICommandHandler<MoveActivity> {
  constructor(private readonly streams: Streams) {}

  execute(c: MoveActivity): Promise<ActivityResult> {
    return correct(this.streams, c.department, c.activityId, c.expectedVersion, c.meta, (activity, catalog) =>
      moveActivity(activity, c.category, c.attributes, c.reason, catalog),
    );
  }
}

@CommandHandler(WithdrawActivity)
export class WithdrawActivityHandler implements ICommandHandler<WithdrawActivity> {
  constructor(private readonly streams: Streams) {}

  execute(c: WithdrawActivity): Promise<ActivityResult> {
    return correct(this.streams, c.department, c.activityId, c.expectedVersion, c.meta, (activity) => withdrawActivity(activity, c.reason));
  }
}

@CommandHandler(RestoreActivity)
export class RestoreActivityHandler implements ICommandHandler<RestoreActivity> {
  constructor(private readonly streams: Streams) {}

  execute(c: RestoreActivity): Promise<ActivityResult> {
    return correct(this.streams, c.department, c.activityId, c.expectedVersion, c.meta, (activity) => restoreActivity(activity, c.reason));
  }
}
