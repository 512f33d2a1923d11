import { Injectable } from '@nestjs/common';
import { EventStore } from '@app/event-store';
import { activityStreamId, evolveActivity, type Activity } from './domain/activity';
import { departmentStreamId, evolveDepartment, type Department } from './domain/department';
import { NotFoundError } from './domain/errors';
import { emptyPlan, evolvePlan, planStreamId, type Plan } from './domain/plan';

/** Loads aggregates by folding their streams (commands go through CommandRunner). */
@Injectable()
export class Streams {
  constructor(readonly store: EventStore) {}

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

  async plan(department: string, year: number): Promise<Plan> {
    const events = await this.store.readStream(planStreamId(department, year));
    return events.reduce<Plan>((p, e) => evolvePlan(p, e), emptyPlan(department, year));
  }
}
