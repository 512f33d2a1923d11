import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, SystemClock } from '@app/config';
import { dayIn } from '../../domain/dates';
import { settingsOf } from '../../domain/department';
import { emptyPlan, evolvePlan, planStreamId, type Plan } from '../../domain/plan';
import { CommandRunner, type CommandResult, type UseCase } from '../command-runner';
import { ChangePlan } from './change-plan.command';
import { decideChangePlan, type ChangePlanState } from './change-plan.decide';

/** The plan stream of the command's department-year, folded with the domain's evolve. */
export const planStream = {
  streamId: (command: { department: string; year: number }) => planStreamId(command.department, command.year),
  tenant: (command: { department: string }) => command.department,
  initialState: (command: { department: string; year: number }) => emptyPlan(command.department, command.year),
  evolve: evolvePlan,
};

@CommandHandler(ChangePlan)
export class ChangePlanHandler implements ICommandHandler<ChangePlan> {
  private readonly changing: UseCase<ChangePlan, Plan, ChangePlanState>;

  constructor(
    private readonly runner: CommandRunner,
    // Tests that build the handler by hand get the system clock.
    @Optional() @Inject(Clock) clock: Clock = new SystemClock(),
  ) {
    this.changing = {
      ...planStream,
      given: async (plan, command, read) => {
        const department = await read.department(command.department);
        // A revision applies from the day it is decided, in the department's time zone.
        return { plan, department, today: dayIn(settingsOf(department).timeZone, clock.now()) };
      },
      decide: decideChangePlan,
    };
  }

  execute(command: ChangePlan): Promise<CommandResult> {
    return this.runner.run(this.changing, command);
  }
}
