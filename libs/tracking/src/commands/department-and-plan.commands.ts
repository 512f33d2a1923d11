import { Command } from '@nestjs/cqrs';
import type { CategorySpec } from '../domain/catalog';
import type { PlanChange } from '../domain/plan';
import type { CommandMeta, CommandResult } from '../streams';

export class CreateDepartment extends Command<CommandResult> {
  constructor(
    readonly code: string,
    readonly name: string,
    readonly catalog: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}

export class RenameDepartment extends Command<CommandResult> {
  constructor(
    readonly code: string,
    readonly name: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}

export class DefineCategory extends Command<CommandResult> {
  constructor(
    readonly code: string,
    readonly category: CategorySpec,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}

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
