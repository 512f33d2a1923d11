import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { correction, type ActivityResult } from '../activity-stream';
import { CommandRunner } from '../command-runner';
import { RestoreActivity } from './restore-activity.command';
import { decideRestoreActivity } from './restore-activity.decide';

const restoring = correction(decideRestoreActivity);

@CommandHandler(RestoreActivity)
export class RestoreActivityHandler implements ICommandHandler<RestoreActivity> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: RestoreActivity): Promise<ActivityResult> {
    return this.runner.run(restoring, command);
  }
}
