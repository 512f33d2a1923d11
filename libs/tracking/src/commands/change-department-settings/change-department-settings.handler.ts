import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Department } from '../../domain/department';
import { CommandRunner, type CommandResult, type UseCase } from '../command-runner';
import { departmentStream } from '../department-stream';
import { ChangeDepartmentSettings } from './change-department-settings.command';
import { decideChangeDepartmentSettings } from './change-department-settings.decide';

const changing: UseCase<ChangeDepartmentSettings, Department | null> = { ...departmentStream, decide: decideChangeDepartmentSettings };

@CommandHandler(ChangeDepartmentSettings)
export class ChangeDepartmentSettingsHandler implements ICommandHandler<ChangeDepartmentSettings> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: ChangeDepartmentSettings): Promise<CommandResult> {
    return this.runner.run(changing, command);
  }
}
