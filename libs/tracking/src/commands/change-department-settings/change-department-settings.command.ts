import { Command } from '@nestjs/cqrs';
import type { DepartmentSettingsChange } from '../../domain/department';
import type { CommandMeta, CommandResult } from '../command-runner';

/** Change some of a department's settings (补录期限 lateEntryDays, 时区 timeZone). */
export class ChangeDepartmentSettings extends Command<CommandResult> {
  constructor(
    readonly code: string,
    readonly settings: DepartmentSettingsChange,
    readonly meta: CommandMeta,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
