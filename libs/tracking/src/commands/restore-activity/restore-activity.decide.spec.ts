import { describe, expect, it } from '@jest/globals';
import { ActivityEvents, type Activity } from '../../domain/activity';
import { RestoreActivity } from './restore-activity.command';
import { decideRestoreActivity } from './restore-activity.decide';

const activity = (status: Activity['status']): Activity => ({
  id: 'a1',
  department: 'wh-fao',
  category: 'major-event',
  title: '友城论坛',
  occurredOn: '2023-05-10',
  role: '主办',
  attributes: {},
  parentId: null,
  alsoCountsFor: [],
  notes: null,
  status,
  withdrawnReason: status === 'withdrawn' ? '重复' : null,
  version: 2,
  recordedAt: '2023-05-10T00:00:00.000Z',
  recordedBy: 'li',
  updatedAt: '2023-05-11T00:00:00.000Z',
});
const restore = new RestoreActivity('wh-fao', 'a1', '误撤回', 2, { actor: 'li' });

describe('decideRestoreActivity', () => {
  it('given a withdrawn activity, when restored, then one restored event with the reason and where it stood', () => {
    expect(decideRestoreActivity({ activity: activity('withdrawn') }, restore)).toEqual([
      {
        type: ActivityEvents.restored,
        data: {
          activityId: 'a1',
          department: 'wh-fao',
          reason: '误撤回',
          was: { category: 'major-event', occurredOn: '2023-05-10', active: false },
        },
      },
    ]);
  });

  it('refuses to restore an active activity (409)', () => {
    expect(() => decideRestoreActivity({ activity: activity('active') }, restore)).toThrow('The activity is not withdrawn');
  });
});
