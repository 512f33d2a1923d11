import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { correction, withDepartment, type ActivityResult } from '../activity-stream';
import { CommandRunner } from '../command-runner';
import { MoveActivity } from './move-activity.command';
import { decideMoveActivity } from './move-activity.decide';

const moving = correction(decideMoveActivity, withDepartment);

@CommandHandler(MoveActivity)
export class MoveActivityHandler implements ICommandHandler<MoveActivity> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: MoveActivity): Promise<ActivityResult> {
    return this.runner.run(moving, command);
  }
}
