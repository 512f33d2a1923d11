import { Command } from '@nestjs/cqrs';
import type { CommandMeta, CommandResult } from '../command-runner';

export class CreateDepartment extends Command<CommandResult> {
  constructor(
    readonly code: string,
    readonly name: string,
    /** A built-in catalog of categories to start from (BUILT_IN_CATALOGS). */
    readonly catalog: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
