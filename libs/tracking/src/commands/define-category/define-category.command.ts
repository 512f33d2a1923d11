import { Command } from '@nestjs/cqrs';
import type { CategorySpec } from '../../domain/catalog';
import type { CommandMeta, CommandResult } from '../command-runner';

/** Add a category to the department's catalog, or redefine one (its attributes). */
export class DefineCategory extends Command<CommandResult> {
  constructor(
    readonly code: string,
    readonly category: CategorySpec,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
