import { Command } from '@nestjs/cqrs';
import type { CommandMeta, CommandResult } from '../command-runner';

export class RenameDepartment extends Command<CommandResult> {
  constructor(
    readonly code: string,
    readonly name: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
