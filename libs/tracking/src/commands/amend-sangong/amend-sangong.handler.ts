import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../command-runner';
import { sangongCorrection, servedActivities, type SangongResult } from '../sangong-stream';
import { AmendSangong } from './amend-sangong.command';
import { decideAmendSangong, type AmendSangongState } from './amend-sangong.decide';

const amending = sangongCorrection<AmendSangong, AmendSangongState>(decideAmendSangong, async (record, command, read) => ({
  record,
  ...(await servedActivities(read, command.department, (command.changes as { servedActivityIds?: unknown })?.servedActivityIds)),
}));

@CommandHandler(AmendSangong)
export class AmendSangongHandler implements ICommandHandler<AmendSangong> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: AmendSangong): Promise<SangongResult> {
    return this.runner.run(amending, command);
  }
}
