import { Command } from '@nestjs/cqrs';
import type { CommandMeta, CommandResult } from '../command-runner';

export class CreateDepartment extends Command<CommandResult> {
  constructor(
    readonly code: string,
    readonly name: string,
    /** The named catalog (`catalogs/<name>.yaml`) whose newest version it adopts; null: it defines its own categories. */
    readonly catalog: string | null,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
