import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@app/config';
import { CodedError, ConditionFailedError, EventStore, StoreUnavailableError, VersionConflictError } from '@app/event-store';
import type { AppendOptions, EventMetadata, NewEvent, StoredEvent } from '@app/event-store';
import type { Activity } from '../domain/activity';
import { canonicalJson } from '../domain/canonical';
import { departmentStreamId, type Department } from '../domain/department';
import { Streams } from '../streams';
import { DepartmentCache } from './department-cache';

/** Who and what caused a command: becomes every appended event's metadata. */
export interface CommandMeta {
  actor: string;
  /** Idempotency key: a repeated command returns the first result. */
  commandId?: string;
  /**
   * What the command id stands for (see `commandFingerprint`): the same id with another
   * fingerprint is refused (CommandKeyReusedError, 422) instead of answered with the first result.
   * Without it (imports: their ids already hash their content) nothing is compared.
   */
  commandFingerprint?: string;
  correlationId?: string;
  causationId?: string;
}

export interface CommandResult {
  streamId: string;
  version: number;
  /** True when the command id had been processed before: nothing new was written. */
  duplicate: boolean;
}

/** sha256 of the canonical JSON of a command's content (key order does not matter). */
export function commandFingerprint(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** What the runner needs of every command. */
export interface TrackingCommand {
  readonly meta: CommandMeta;
  /**
   * The stream version the client read (If-Match). Given, a stream found or appended at another
   * version is the client's conflict (409); absent, a lost race is decided again on a fresh read.
   */
  readonly expectedVersion?: number;
}

/** Reads a decision may rest on besides its own stream (see UseCase.given). */
export interface Reads {
  /**
   * The department (404 when unknown), as this process last read it: the append then holds only
   * while the department's stream is still at that version, and when it moved, or when the
   * decision is refused on this copy, the command is decided again on a fresh read.
   */
  department(code: string): Promise<Department>;
  /** Any activity, folded from its stream (e.g. the project an activity is a part of). */
  activity(id: string): Promise<Activity | null>;
}

/**
 * A use case: the stream its command appends to, how that stream folds into state (Emmett's
 * `evolve` and `initialState`), and `decide(state, command)`.
 *
 * `S` is the folded stream; `G` what decide sees, S itself unless `given` adds other reads.
 */
export interface UseCase<C extends TrackingCommand, S, G = S, R extends CommandResult = CommandResult> {
  streamId(command: C): string;
  /** The department (tenant) the stream's events belong to. */
  tenant(command: C): string;
  initialState(command: C): S;
  evolve(state: S, event: StoredEvent): S;
  /** True when nobody can have written the stream yet (an id drawn for this command): it is not read. */
  isNew?(command: C): boolean;
  /** What decide needs besides its stream, read again before each decision. Throws to refuse (e.g. 404). */
  given?(state: S, command: C, read: Reads): Promise<G>;
  /** Pure: the events to append, or a coded error refusing the command. */
  decide(state: G, command: C): NewEvent[];
  /** The caller's answer (default: the append's result). */
  result?(result: CommandResult, command: C): R;
}

/** Decisions made again after a lost race or a moved department before the conflict becomes the caller's (409). */
export const MAX_ATTEMPTS = 3;

/**
 * The one command path: load the stream (fold with evolve) → decide(state, command) → append
 * at the version loaded. A command id already processed returns its first result, also when
 * the decision would now be refused or change nothing; with another fingerprint it is refused
 * (CommandKeyReusedError), never answered with the other command's result.
 */
@Injectable()
export class CommandRunner {
  constructor(
    private readonly store: EventStore,
    private readonly streams: Streams,
    private readonly departments: DepartmentCache,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run<C extends TrackingCommand, S, G, R extends CommandResult>(use: UseCase<C, S, G, R>, command: C): Promise<R> {
    const answer = (result: CommandResult): R => (use.result ? use.result(result, command) : (result as R));
    const streamId = use.streamId(command);
    const client = command.expectedVersion;
    let freshDepartment = false;
    for (let attempt = 1; ; attempt++) {
      const reads = new DecisionReads(this.departments, this.streams, freshDepartment);
      let version = 0;
      let events: NewEvent[];
      try {
        let state = use.initialState(command);
        if (!use.isNew?.(command)) {
          for (const event of await this.store.readStream(streamId)) {
            state = use.evolve(state, event);
            version = event.streamVersion;
          }
        }
        const given = use.given ? await use.given(state, command, reads) : (state as unknown as G);
        if (client !== undefined && client !== version) throw new VersionConflictError(streamId, client, version);
        events = use.decide(given, command);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        const previous = await this.previousResult(command.meta);
        if (previous) return answer(previous);
        // A refusal is never made on this process's copy of the department alone.
        if (reads.cachedDepartment && !(error instanceof VersionConflictError)) {
          freshDepartment = true;
          continue;
        }
        throw error;
      }
      if (events.length === 0) return answer((await this.previousResult(command.meta)) ?? { streamId, version, duplicate: false });
      try {
        return answer(await this.append(streamId, use.tenant(command), events, version, command.meta, reads.condition));
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
        if (error instanceof ConditionFailedError) freshDepartment = true;
        // The stream itself moved: the client's version is stale (409), or we decide again.
        else if (client !== undefined) throw error;
      }
    }
  }

  private async previousResult(meta: CommandMeta): Promise<CommandResult | null> {
    if (!meta.commandId) return null;
    const found = await this.store.findCommandResult(meta.commandId, { fingerprint: meta.commandFingerprint });
    return found ? { streamId: found.streamId, version: found.version, duplicate: true } : null;
  }

  private async append(
    streamId: string,
    tenant: string,
    events: NewEvent[],
    version: number,
    meta: CommandMeta,
    condition: AppendOptions['condition'],
  ): Promise<CommandResult> {
    const metadata: EventMetadata = { actor: meta.actor, correlationId: meta.correlationId, causationId: meta.causationId };
    const result = await this.store.append(
      streamId,
      events.map((e) => ({ type: e.type, data: e.data, metadata })),
      {
        tenant,
        expected: version === 0 ? 'no-stream' : version,
        commandId: meta.commandId,
        commandFingerprint: meta.commandFingerprint,
        recordedAt: this.clock.now(),
        condition,
      },
    );
    // A repeated command id answers with the first command's stream, which need not be this one
    // (a retry that raced its original drew a fresh id for a stream it never wrote).
    return { streamId: result.streamId, version: result.version, duplicate: result.duplicate };
  }
}

/** One decision's reads: remembers the department it rested on, for the append's condition. */
class DecisionReads implements Reads {
  condition: AppendOptions['condition'];
  /** The department came from this process's cache (a refusal is then checked on a fresh read). */
  cachedDepartment = false;

  constructor(
    private readonly departments: DepartmentCache,
    private readonly streams: Streams,
    private readonly fresh: boolean,
  ) {}

  async department(code: string): Promise<Department> {
    if (this.condition && this.condition.streamId !== departmentStreamId(code)) {
      throw new Error('A decision rests on one department at most (the append takes one condition)');
    }
    const cached = this.fresh ? undefined : this.departments.cached(code);
    const department = cached ?? (await this.departments.read(code));
    this.cachedDepartment = cached !== undefined;
    this.condition = { streamId: departmentStreamId(department.code), version: department.version };
    return department;
  }

  activity(id: string): Promise<Activity | null> {
    return this.streams.activity(id);
  }
}

/** The domain's or the store's refusal of a command (not an outage): a repeated command id still gets its first result. */
function isRefusal(error: unknown): boolean {
  return error instanceof CodedError && !(error instanceof StoreUnavailableError);
}
