import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Department } from '../../domain/department';
import { CommandRunner, type CommandResult, type UseCase } from '../command-runner';
import { departmentStream } from '../department-stream';
import { DefineCategory } from './define-category.command';
import { decideDefineCategory } from './define-category.decide';

const defining: UseCase<DefineCategory, Department | null> = { ...departmentStream, decide: decideDefineCategory };

@CommandHandler(DefineCategory)
export class DefineCategoryHandler implements ICommandHandler<DefineCategory> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: DefineCategory): Promise<CommandResult> {
    return this.runner.run(defining, command);
  }
}
