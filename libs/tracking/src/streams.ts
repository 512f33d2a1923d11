import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@app/config';
import { CodedError, ConditionFailedError, StoreUnavailableError, EventStore } from '@app/event-store';
import type { AppendOptions, AppendResult, EventMetadata, ExpectedVersion } from '@app/event-store';
import { activityStreamId, evolveActivity, type Activity } from './domain/activity';
import { departmentStreamId, evolveDepartment, type Department } from './domain/department';
import { NotFoundError } from './domain/errors';
import { emptyPlan, evolvePlan, planStreamId, type Plan } from './domain/plan';

/** Who and what caused a command: becomes every appended event's metadata. */
export interface CommandMeta {
  actor: string;
  /** Idempotency key: a repeated command returns the first result. */
  commandId?: string;
  correlationId?: string;
  causationId?: string;
}

export interface CommandResult {
  streamId: string;
  version: number;
  /** True when the command id had been processed before: nothing new was written. */
  duplicate: boolean;
}

/** What a command decided: the events to append to a stream, with the version it expects there. */
export interface Decision {
  streamId: string;
  events: { type: string; data: unknown }[];
  expected: ExpectedVersion;
}

/** Departments kept by one process; beyond this many the cache starts again (departments are few). */
const MAX_CACHED_DEPARTMENTS = 1_000;
/** Decisions made again when the department keeps changing under them; then the conflict is the caller's (409). */
const MAX_DEPARTMENT_ATTEMPTS = 3;

/** Loads aggregates by folding their streams and appends their decisions. */
@Injectable()
export class Streams {
  /**
   * The departments this process has folded, each at the version it was read at. Never trusted
   * alone: an append decided on one carries that version as its condition, so a department changed
   * since (a category redefined, by any process) makes the append write nothing and be decided again.
   */
  private readonly departments = new Map<string, Department>();

  constructor(
    readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async department(code: string): Promise<Department | null> {
    const events = await this.store.readStream(departmentStreamId(code));
    return events.reduce<Department | null>(evolveDepartment, null);
  }

  async requireDepartment(code: string): Promise<Department> {
    const department = await this.department(code);
    if (!department) throw new NotFoundError('DEPARTMENT.NOT_FOUND', `Unknown department ${code}`, { department: code });
    return department;
  }

  /**
   * Decides on the department (its catalog) and appends the decision, in one round trip when this
   * process has read the department before: the append's condition is that the department's
   * stream is still at the version decided on; when it moved, the department is read again and the
   * decision made again. A refusal is never made on the cached copy alone: the department is read
   * again and the decision made again first. A command id already processed returns its first
   * result, also when the decision would now be refused.
   */
  async appendOnDepartment(
    code: string,
    meta: CommandMeta,
    decide: (department: Department) => Decision | Promise<Decision>,
  ): Promise<CommandResult> {
    let fresh = false;
    for (let attempt = 1; ; attempt++) {
      let department: Department;
      let decision: Decision;
      try {
        const cached = fresh ? undefined : this.departments.get(code);
        fresh = !cached;
        department = cached ?? (await this.freshDepartment(code));
        decision = await decide(department);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        const previous = await this.previousResult(meta);
        if (previous) return previous;
        if (fresh) throw error;
        fresh = true;
        continue;
      }
      try {
        return await this.append(decision.streamId, department.code, decision.events, decision.expected, meta, {
          streamId: departmentStreamId(department.code),
          version: department.version,
        });
      } catch (error) {
        if (error instanceof ConditionFailedError && attempt < MAX_DEPARTMENT_ATTEMPTS) {
          fresh = true;
          continue;
        }
        throw error;
      }
    }
  }

  private async freshDepartment(code: string): Promise<Department> {
    this.departments.delete(code);
    const department = await this.requireDepartment(code);
    if (this.departments.size >= MAX_CACHED_DEPARTMENTS) this.departments.clear();
    this.departments.set(code, department);
    return department;
  }

  async activity(id: string): Promise<Activity | null> {
    const events = await this.store.readStream(activityStreamId(id));
    return events.reduce<Activity | null>(evolveActivity, null);
  }

  /** The activity of this department, or 404 (never reveals another department's activity). */
  async requireActivity(department: string, id: string): Promise<Activity> {
    const activity = await this.activity(id);
    if (!activity || activity.department !== department) {
      throw new NotFoundError('ACTIVITY.NOT_FOUND', `Unknown activity ${id}`, { activityId: id });
    }
    return activity;
  }

  async plan(department: string, year: number): Promise<Plan> {
    const events = await this.store.readStream(planStreamId(department, year));
    return events.length === 0 ? emptyPlan(department, year) : events.reduce<Plan>((p, e) => evolvePlan(p, e), emptyPlan(department, year));
  }

  /** The earlier result of this command id, if it was processed already. */
  async previousResult(meta: CommandMeta): Promise<CommandResult | null> {
    if (!meta.commandId) return null;
    const found = await this.store.findCommandResult(meta.commandId);
    return found ? { streamId: found.streamId, version: found.version, duplicate: true } : null;
  }

  async append(
    streamId: string,
    tenant: string,
    events: { type: string; data: unknown }[],
    expected: ExpectedVersion,
    meta: CommandMeta,
    condition?: AppendOptions['condition'],
  ): Promise<CommandResult> {
    if (events.length === 0) return { streamId, version: (await this.store.currentVersion(streamId)) ?? 0, duplicate: false };
    const metadata: EventMetadata = { actor: meta.actor, correlationId: meta.correlationId, causationId: meta.causationId };
    const result: AppendResult = await this.store.append(
      streamId,
      events.map((e) => ({ ...e, metadata })),
      { tenant, expected, commandId: meta.commandId, recordedAt: this.clock.now(), condition },
    );
    // A repeated command id answers with the first command's stream, which need not be this one
    // (a retry that raced its original drew a fresh id for a stream it never wrote).
    return { streamId: result.streamId, version: result.version, duplicate: result.duplicate };
  }
}

/** The domain's or the store's refusal of a command (not an outage): a repeated command id still gets its first result. */
function isRefusal(error: unknown): boolean {
  return error instanceof CodedError && !(error instanceof StoreUnavailableError);
}
