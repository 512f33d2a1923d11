import { Command } from '@nestjs/cqrs';
import type { PlanChange } from '../../domain/plan';
import type { CommandMeta, CommandResult } from '../command-runner';

/** Any change to a department-year's plans, budgets and entered figures. */
export class ChangePlan extends Command<CommandResult> {
  constructor(
    readonly department: string,
    readonly year: number,
    readonly change: PlanChange,
    readonly meta: CommandMeta,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
