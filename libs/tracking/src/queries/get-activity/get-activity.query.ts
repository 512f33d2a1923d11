import { Injectable } from '@nestjs/common';
import type { Activity } from '../../domain/activity';
import { NotFoundError } from '../../domain/errors';
import { actorNameOf } from '../history-entry';
import { ReadModels } from '../read-models';

/** An activity as the api shows it: who recorded it by name as well as by account. */
export type ActivityView = Activity & { recordedByName: string | null };

/** One activity of a department (404 for another department's: it is never revealed). */
@Injectable()
export class GetActivity {
  constructor(private readonly readModels: ReadModels) {}

  async execute(department: string, id: string): Promise<ActivityView> {
    const activity = await this.readModels.activity(department, id);
    if (!activity) throw new NotFoundError('ACTIVITY.NOT_FOUND', `Unknown activity ${id}`, { activityId: id });
    return { ...activity, recordedByName: actorNameOf(activity.recordedBy, await this.readModels.actorNames([activity.recordedBy])) };
  }
}
