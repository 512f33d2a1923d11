import { createHash } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { canonicalJson } from '../../domain/canonical';
import type { Plan } from '../../domain/plan';
import { copiedContent } from '../../domain/plan-copy';
import { Streams } from '../../streams';
import { planStream } from '../change-plan/change-plan.handler';
import { CommandRunner, type CommandResult, type UseCase } from '../command-runner';
import { CopyPlan } from './copy-plan.command';
import { decideCopyPlan, type CopyPlanState } from './copy-plan.decide';

/**
 * The command id of a copy when the caller gives none (the CLI): the department, both years and
 * the copied content. The same copy again returns the first result; a copy of a changed source
 * is a new command, and adds only what the year does not have yet.
 */
export function copyCommandId(department: string, fromYear: number, year: number, source: Plan): string {
  const hash = createHash('sha256')
    .update(canonicalJson(copiedContent(source)))
    .digest('hex')
    .slice(0, 24);
  return `copy-plan:${department}:${fromYear}:${year}:${hash}`;
}

@CommandHandler(CopyPlan)
export class CopyPlanHandler implements ICommandHandler<CopyPlan> {
  private readonly copying: UseCase<CopyPlan, Plan, CopyPlanState>;

  constructor(
    private readonly runner: CommandRunner,
    private readonly streams: Streams,
  ) {
    this.copying = {
      ...planStream,
      given: async (plan, command, read) => ({
        plan,
        department: await read.department(command.department),
        source: await this.streams.plan(command.department, command.fromYear),
      }),
      decide: decideCopyPlan,
    };
  }

  async execute(command: CopyPlan): Promise<CommandResult> {
    if (command.meta.commandId) return this.runner.run(this.copying, command);
    const source = await this.streams.plan(command.department, command.fromYear);
    const commandId = copyCommandId(command.department, command.fromYear, command.year, source);
    return this.runner.run(this.copying, { ...command, meta: { ...command.meta, commandId } });
  }
}
