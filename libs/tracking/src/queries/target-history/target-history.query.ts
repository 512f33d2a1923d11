import { Injectable } from '@nestjs/common';
import { EventStore } from '@app/event-store';
import { NotFoundError } from '../../domain/errors';
import { planStreamId } from '../../domain/plan';
import { GetDepartment } from '../get-department/get-department.query';
import { toHistoryEntry, withActorNames, type HistoryEntry } from '../history-entry';
import { ReadModels } from '../read-models';

/** Every event of one target of a department-year's plan: set, revised (each with its reason), removed. */
@Injectable()
export class TargetHistory {
  constructor(
    private readonly store: EventStore,
    private readonly departments: GetDepartment,
    private readonly readModels: ReadModels,
  ) {}

  async execute(department: string, year: number, targetId: string): Promise<HistoryEntry[]> {
    await this.departments.execute(department);
    const events = await this.store.readStream(planStreamId(department, year));
    const mine = events.filter((e) => {
      const d = e.data as { target?: { id: string }; targetId?: string };
      return d.target?.id === targetId || d.targetId === targetId;
    });
    if (mine.length === 0) throw new NotFoundError('TARGET.NOT_FOUND', `No target ${targetId} in ${year}`, { targetId });
    const entries = mine.map(toHistoryEntry);
    return withActorNames(entries, await this.readModels.actorNames(entries.map((e) => e.actor)));
  }
}
