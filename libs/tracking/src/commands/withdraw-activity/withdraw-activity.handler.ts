import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { correction, type ActivityResult } from '../activity-stream';
import { CommandRunner } from '../command-runner';
import { WithdrawActivity } from './withdraw-activity.command';
import { decideWithdrawActivity } from './withdraw-activity.decide';

const withdrawing = correction(decideWithdrawActivity);

@CommandHandler(WithdrawActivity)
export class WithdrawActivityHandler implements ICommandHandler<WithdrawActivity> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: WithdrawActivity): Promise<ActivityResult> {
    return this.runner.run(withdrawing, command);
  }
}
