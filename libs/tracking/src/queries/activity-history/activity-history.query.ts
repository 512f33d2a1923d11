import { Injectable } from '@nestjs/common';
import { EventStore } from '@app/event-store';
import { activityStreamId } from '../../domain/activity';
import { NotFoundError } from '../../domain/errors';
import { toHistoryEntry, withActorNames, type HistoryEntry } from '../history-entry';
import { ReadModels } from '../read-models';

/** Every event of an activity, read from its stream, with who acted by name (404 for another department's). */
@Injectable()
export class ActivityHistory {
  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {}

  async execute(department: string, id: string): Promise<HistoryEntry[]> {
    const events = await this.store.readStream(activityStreamId(id));
    if (events.length === 0 || events[0].tenant !== department) {
      throw new NotFoundError('ACTIVITY.NOT_FOUND', `Unknown activity ${id}`, { activityId: id });
    }
    const entries = events.map(toHistoryEntry);
    return withActorNames(entries, await this.readModels.actorNames(entries.map((e) => e.actor)));
  }
}
