import { Command } from '@nestjs/cqrs';
import type { CommandMeta, CommandResult } from '../command-runner';

/** The department's own name of one of its categories (kept when a new catalog version is applied). */
export class RelabelCategory extends Command<CommandResult> {
  constructor(
    readonly code: string,
    readonly category: string,
    readonly label: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
