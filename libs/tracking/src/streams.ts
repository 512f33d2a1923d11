import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../config/src/clock';
import { EventStore } from '../../event-store/src/event-store';
import type { AppendResult, EventMetadata, ExpectedVersion } from '../../event-store/src/types';
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

/** Loads aggregates by folding their streams and appends their decisions. */
@Injectable()
export class Streams {
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
  ): Promise<CommandResult> {
    if (events.length === 0) return { streamId, version: (await this.store.currentVersion(streamId)) ?? 0, duplicate: false };
    const metadata: EventMetadata = { actor: meta.actor, correlationId: meta.correlationId, causationId: meta.causationId };
    const result: AppendResult = await this.store.append(
      streamId,
      events.map((e) => ({ ...e, metadata })),
      { tenant, expected, commandId: meta.commandId, recordedAt: this.clock.now() },
    );
    // A repeated command id answers with the first command's stream, which need not be this one
    // (a retry that raced its original drew a fresh id for a stream it never wrote).
    return { streamId: result.streamId, version: result.version, duplicate: result.duplicate };
  }
}
