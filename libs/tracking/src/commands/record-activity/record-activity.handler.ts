import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IdSource } from '@app/config';
import { activityIdOf, type Activity } from '../../domain/activity';
import { activityStream, readParent, type ActivityResult } from '../activity-stream';
import { CommandRunner, type UseCase } from '../command-runner';
import { RecordActivity } from './record-activity.command';
import { decideRecordActivity, type RecordActivityState, type RecordActivityWithId } from './record-activity.decide';

/** One round trip in the usual case: a drawn id's stream is not read, the department comes from this process's cache. */
const recording: UseCase<RecordActivityWithId, Activity | null, RecordActivityState, ActivityResult> = {
  ...activityStream,
  isNew: (command) => command.drawn,
  given: async (activity, command, read) => ({
    activity,
    department: await read.department(command.department),
    parent: await readParent(read, command.fields.parentId),
  }),
  decide: decideRecordActivity,
  // A repeated command id answers with its first activity, not the id drawn this time.
  result: (result) => ({ ...result, activityId: activityIdOf(result.streamId) }),
};

@CommandHandler(RecordActivity)
export class RecordActivityHandler implements ICommandHandler<RecordActivity> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(IdSource) private readonly ids: IdSource,
  ) {}

  execute(command: RecordActivity): Promise<ActivityResult> {
    return this.runner.run(recording, { ...command, activityId: command.activityId ?? this.ids.newId(), drawn: !command.activityId });
  }
}
