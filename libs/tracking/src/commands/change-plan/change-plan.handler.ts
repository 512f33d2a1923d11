import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { emptyPlan, evolvePlan, planStreamId, type Plan } from '../../domain/plan';
import { CommandRunner, type CommandResult, type UseCase } from '../command-runner';
import { ChangePlan } from './change-plan.command';
import { decideChangePlan, type ChangePlanState } from './change-plan.decide';

const changing: UseCase<ChangePlan, Plan, ChangePlanState> = {
  streamId: (command) => planStreamId(command.department, command.year),
  tenant: (command) => command.department,
  initialState: (command) => emptyPlan(command.department, command.year),
  evolve: evolvePlan,
  given: async (plan, command, read) => ({ plan, department: await read.department(command.department) }),
  decide: decideChangePlan,
};

@CommandHandler(ChangePlan)
export class ChangePlanHandler implements ICommandHandler<ChangePlan> {
  constructor(private readonly runner: CommandRunner) {}

  execute(command: ChangePlan): Promise<CommandResult> {
    return this.runner.run(changing, command);
  }
}
