import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { VersionConflictError } from '@app/event-store';
import { createDepartment, defineCategory, departmentStreamId, renameDepartment } from '../domain/department';
import { DomainValidationError } from '../domain/errors';
import { decidePlanChange, planStreamId } from '../domain/plan';
import { Streams, type CommandResult } from '../streams';
import { ChangePlan, CreateDepartment, DefineCategory, RenameDepartment } from './department-and-plan.commands';

@CommandHandler(CreateDepartment)
export class CreateDepartmentHandler implements ICommandHandler<CreateDepartment> {
  constructor(private readonly streams: Streams) {}

  async execute(c: CreateDepartment): Promise<CommandResult> {
    const previous = await this.streams.previousResult(c.meta);
    if (previous) return previous;
    const existing = await this.streams.department(c.code);
    const events = createDepartment(existing, c.code, c.name, c.catalog);
    return this.streams.append(departmentStreamId(c.code), c.code, events, 'no-stream', c.meta);
  }
}

@CommandHandler(RenameDepartment)
export class RenameDepartmentHandler implements ICommandHandler<RenameDepartment> {
  constructor(private readonly streams: Streams) {}

  async execute(c: RenameDepartment): Promise<CommandResult> {
    const previous = await this.streams.previousResult(c.meta);
    if (previous) return previous;
    const department = await this.streams.requireDepartment(c.code);
    return this.streams.append(departmentStreamId(c.code), c.code, renameDepartment(department, c.name), department.version, c.meta);
  }
}

@CommandHandler(DefineCategory)
export class DefineCategoryHandler implements ICommandHandler<DefineCategory> {
  constructor(private readonly streams: Streams) {}

  async execute(c: DefineCategory): Promise<CommandResult> {
    const previous = await this.streams.previousResult(c.meta);
    if (previous) return previous;
    const department = await this.streams.requireDepartment(c.code);
    return this.streams.append(departmentStreamId(c.code), c.code, defineCategory(department, c.category), department.version, c.meta);
  }
}

@CommandHandler(ChangePlan)
export class ChangePlanHandler implements ICommandHandler<ChangePlan> {
  constructor(private readonly streams: Streams) {}

  async execute(c: ChangePlan): Promise<CommandResult> {
    const previous = await this.streams.previousResult(c.meta);
    if (previous) return previous;
    if (!Number.isInteger(c.year) || c.year < 2000 || c.year > 2100) {
      throw new DomainValidationError([{ field: 'year', reason: 'must be a year between 2000 and 2100' }]);
    }
    const department = await this.streams.requireDepartment(c.department);
    const plan = await this.streams.plan(c.department, c.year);
    if (c.expectedVersion !== undefined && c.expectedVersion !== plan.version) {
      throw new VersionConflictError(planStreamId(c.department, c.year), c.expectedVersion, plan.version);
    }
    const events = decidePlanChange(plan, c.change, department.catalog);
    return this.streams.append(
      planStreamId(c.department, c.year),
      c.department,
      events,
      plan.version === 0 ? 'no-stream' : plan.version,
      c.meta,
    );
  }
}
