import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Department } from '../../domain/department';
import { CommandRunner, type CommandResult, type UseCase } from '../command-runner';
import { departmentStream } from '../department-stream';
import { RelabelCategory } from './relabel-category.command';
import { decideRelabelCategory } from './relabel-category.decide';

const relabelling: UseCase<RelabelCategory, Department | null> = { ...departmentStream, decide: decideRelabelCategory };

@CommandHandler(RelabelCategory)
export class RelabelCategoryHandler implements ICommandHandler<RelabelCategory> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: RelabelCategory): Promise<CommandResult> {
    return this.runner.run(relabelling, command);
  }
}
