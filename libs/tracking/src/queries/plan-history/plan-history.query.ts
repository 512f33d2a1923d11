import { Injectable } from '@nestjs/common';
import { EventStore } from '@app/event-store';
import { planStreamId } from '../../domain/plan';
import { GetDepartment } from '../get-department/get-department.query';
import { toHistoryEntry, withActorNames, type HistoryEntry } from '../history-entry';
import { ReadModels } from '../read-models';

/** Every change of a department-year's plan (measures, targets, budgets, figures…), with who made it by name. */
@Injectable()
export class PlanHistory {
  constructor(
    private readonly store: EventStore,
    private readonly departments: GetDepartment,
    private readonly readModels: ReadModels,
  ) {}

  async execute(department: string, year: number): Promise<HistoryEntry[]> {
    await this.departments.execute(department);
    const entries = (await this.store.readStream(planStreamId(department, year))).map(toHistoryEntry);
    return withActorNames(entries, await this.readModels.actorNames(entries.map((e) => e.actor)));
  }
}
