import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type CommandResult, type UseCase } from '../command-runner';
import { departmentStream } from '../department-stream';
import type { Department } from '../../domain/department';
import { CreateDepartment } from './create-department.command';
import { decideCreateDepartment } from './create-department.decide';

const creating: UseCase<CreateDepartment, Department | null> = { ...departmentStream, decide: decideCreateDepartment };

@CommandHandler(CreateDepartment)
export class CreateDepartmentHandler implements ICommandHandler<CreateDepartment> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: CreateDepartment): Promise<CommandResult> {
    return this.runner.run(creating, command);
  }
}
