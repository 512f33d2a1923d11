import { Command } from '@nestjs/cqrs';
import type { CommandMeta, CommandResult } from '../command-runner';

/** Start a year's plan from another year's (下一年沿用上年): copied targets are marked 沿用上年 until confirmed. */
export class CopyPlan extends Command<CommandResult> {
  constructor(
    readonly department: string,
    /** The year whose plan is started. */
    readonly year: number,
    /** The year copied from. */
    readonly fromYear: number,
    readonly meta: CommandMeta,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
