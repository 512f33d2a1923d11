import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Department } from '../../domain/department';
import { CommandRunner, type CommandResult, type UseCase } from '../command-runner';
import { departmentStream } from '../department-stream';
import { RetireCategory } from './retire-category.command';
import { decideRetireCategory } from './retire-category.decide';

const retiring: UseCase<RetireCategory, Department | null> = { ...departmentStream, decide: decideRetireCategory };

@CommandHandler(RetireCategory)
export class RetireCategoryHandler implements ICommandHandler<RetireCategory> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: RetireCategory): Promise<CommandResult> {
    return this.runner.run(retiring, command);
  }
}
