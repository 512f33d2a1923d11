import { Command } from '@nestjs/cqrs';
import type { CommandMeta, CommandResult } from '../command-runner';

/** Retire a category of the department: nothing new is recorded in it; what was recorded still counts. */
export class RetireCategory extends Command<CommandResult> {
  constructor(
    readonly code: string,
    readonly category: string,
    readonly reason: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
