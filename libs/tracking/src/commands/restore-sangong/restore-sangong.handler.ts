import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../command-runner';
import { sangongCorrection, type SangongResult } from '../sangong-stream';
import { RestoreSangong } from './restore-sangong.command';
import { decideRestoreSangong } from './restore-sangong.decide';

const restoring = sangongCorrection(decideRestoreSangong);

@CommandHandler(RestoreSangong)
export class RestoreSangongHandler implements ICommandHandler<RestoreSangong> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: RestoreSangong): Promise<SangongResult> {
    return this.runner.run(restoring, command);
  }
}
