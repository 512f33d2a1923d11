import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus, type ICommand } from '@nestjs/cqrs';
import { CodedError, StoreUnavailableError, VersionConflictError } from '@app/event-store';
import { ApiMetrics, type CommandOutcome } from './api-metrics';

/** The outcome label of a command that threw. */
export function outcomeOf(error: unknown): CommandOutcome {
  // ConditionFailedError (the department moved under the decision) is a VersionConflictError too.
  if (error instanceof VersionConflictError) return 'conflict';
  if (error instanceof StoreUnavailableError) return 'error';
  if (error instanceof CodedError) return `refused-${error.code}`;
  return 'error';
}

/** A command's result that says it was answered from the first run of its command id. */
const replayed = (result: unknown): boolean =>
  typeof result === 'object' && result !== null && (result as { duplicate?: unknown }).duplicate === true;

/**
 * Counts every command the api executes, by type and outcome (keywork_commands_total). @nestjs/cqrs
 * has no middleware, so the bus's execute is wrapped once at start-up: every controller's command
 * passes through it, and the domain libraries stay free of metrics.
 */
@Injectable()
export class CommandMetrics implements OnModuleInit {
  constructor(
    private readonly bus: CommandBus,
    private readonly metrics: ApiMetrics,
  ) {}

  onModuleInit(): void {
    const execute = this.bus.execute.bind(this.bus) as (command: ICommand, context?: never) => Promise<unknown>;
    const observed = async (command: ICommand, context?: never): Promise<unknown> => {
      const type = (command as object | null)?.constructor?.name ?? 'unknown';
      try {
        const result = await execute(command, context);
        this.metrics.command(type, replayed(result) ? 'replayed' : 'ok');
        return result;
      } catch (error) {
        this.metrics.command(type, outcomeOf(error));
        throw error;
      }
    };
    this.bus.execute = observed as CommandBus['execute'];
  }
}
