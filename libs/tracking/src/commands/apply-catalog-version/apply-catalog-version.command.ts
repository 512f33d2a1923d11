import { Command } from '@nestjs/cqrs';
import type { CommandMeta, CommandResult } from '../command-runner';

/**
 * Apply a version of a named catalog to one department (an admin's decision: editing a catalog
 * file changes no department by itself). `catalog` defaults to the one the department adopted,
 * `version` to that catalog's newest.
 */
export class ApplyCatalogVersion extends Command<CommandResult> {
  constructor(
    readonly code: string,
    readonly catalog: string | undefined,
    readonly version: number | undefined,
    readonly meta: CommandMeta,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
