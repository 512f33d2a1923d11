import { Injectable } from '@nestjs/common';
import type { Activity } from '../../domain/activity';
import { NotFoundError } from '../../domain/errors';
import { ReadModels } from '../read-models';

/** One activity of a department (404 for another department's: it is never revealed). */
@Injectable()
export class GetActivity {
  constructor(private readonly readModels: ReadModels) {}

  async execute(department: string, id: string): Promise<Activity> {
    const activity = await this.readModels.activity(department, id);
    if (!activity) throw new NotFoundError('ACTIVITY.NOT_FOUND', `Unknown activity ${id}`, { activityId: id });
    return activity;
  }
}
