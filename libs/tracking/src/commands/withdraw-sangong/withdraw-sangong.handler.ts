import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../command-runner';
import { sangongCorrection, type SangongResult } from '../sangong-stream';
import { WithdrawSangong } from './withdraw-sangong.command';
import { decideWithdrawSangong } from './withdraw-sangong.decide';

const withdrawing = sangongCorrection(decideWithdrawSangong);

@CommandHandler(WithdrawSangong)
export class WithdrawSangongHandler implements ICommandHandler<WithdrawSangong> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: WithdrawSangong): Promise<SangongResult> {
    return this.runner.run(withdrawing, command);
  }
}
