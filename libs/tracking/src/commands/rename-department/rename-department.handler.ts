import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Department } from '../../domain/department';
import { CommandRunner, type CommandResult, type UseCase } from '../command-runner';
import { departmentStream } from '../department-stream';
import { RenameDepartment } from './rename-department.command';
import { decideRenameDepartment } from './rename-department.decide';

const renaming: UseCase<RenameDepartment, Department | null> = { ...departmentStream, decide: decideRenameDepartment };

@CommandHandler(RenameDepartment)
export class RenameDepartmentHandler implements ICommandHandler<RenameDepartment> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: RenameDepartment): Promise<CommandResult> {
    return this.runner.run(renaming, command);
  }
}
