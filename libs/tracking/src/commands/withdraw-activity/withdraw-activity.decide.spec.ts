import { describe, expect, it } from '@jest/globals';
import { ActivityEvents, type Activity } from '../../domain/activity';
import { WithdrawActivity } from './withdraw-activity.command';
import { decideWithdrawActivity } from './withdraw-activity.decide';

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
  version: 1,
  recordedAt: '2023-05-10T00:00:00.000Z',
  recordedBy: 'li',
  updatedAt: '2023-05-10T00:00:00.000Z',
});
function refusal(decide: () => unknown): unknown {
  try {
    decide();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}
const withdraw = (reason: string) => new WithdrawActivity('wh-fao', 'a1', reason, undefined, { actor: 'li' });

describe('decideWithdrawActivity', () => {
  it('given an active activity, when withdrawn with a reason, then one withdrawn event with the trimmed reason and where it stood', () => {
    expect(decideWithdrawActivity({ activity: activity('active') }, withdraw(' 重复录入 '))).toEqual([
      {
        type: ActivityEvents.withdrawn,
        data: {
          activityId: 'a1',
          department: 'wh-fao',
          reason: '重复录入',
          was: { category: 'major-event', occurredOn: '2023-05-10', active: true },
        },
      },
    ]);
  });

  it('refuses a withdrawal without a reason (400) and of a withdrawn activity (409)', () => {
    expect(refusal(() => decideWithdrawActivity({ activity: activity('active') }, withdraw('  ')))).toMatchObject({
      code: 'VALIDATION.FAILED',
      errors: [{ field: 'reason' }],
    });
    expect(refusal(() => decideWithdrawActivity({ activity: activity('withdrawn') }, withdraw('重复')))).toMatchObject({
      code: 'ACTIVITY.ALREADY_WITHDRAWN',
    });
  });
});
