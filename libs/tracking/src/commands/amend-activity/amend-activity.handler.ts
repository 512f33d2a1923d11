import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { correction, readParent, withDepartment, type ActivityResult } from '../activity-stream';
import { CommandRunner } from '../command-runner';
import { AmendActivity } from './amend-activity.command';
import { decideAmendActivity, type AmendActivityState } from './amend-activity.decide';

const amending = correction<AmendActivity, AmendActivityState>(decideAmendActivity, async (activity, command, read) => ({
  ...(await withDepartment(activity, command, read)),
  parent: await readParent(read, command.changes.parentId),
}));

@CommandHandler(AmendActivity)
export class AmendActivityHandler implements ICommandHandler<AmendActivity> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: AmendActivity): Promise<ActivityResult> {
    return this.runner.run(amending, command);
  }
}
