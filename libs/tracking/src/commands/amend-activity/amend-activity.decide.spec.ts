import { describe, expect, it } from '@jest/globals';
import { ActivityEvents, type Activity } from '../../domain/activity';
import { FOREIGN_AFFAIRS_OFFICE_CATALOG } from '../../../test/domain';
import type { Department } from '../../domain/department';
import { AmendActivity } from './amend-activity.command';
import { decideAmendActivity, type AmendActivityState } from './amend-activity.decide';

const department: Department = { code: 'wh-fao', name: '武汉市外办', catalog: FOREIGN_AFFAIRS_OFFICE_CATALOG, version: 1 };
const activity = (id: string, parentId: string | null = null, dept = 'wh-fao'): Activity => ({
  id,
  department: dept,
  category: 'exchange-project',
  title: '友城交流',
  occurredOn: '2023-05-10',
  role: '主办',
  attributes: {},
  parentId,
  alsoCountsFor: [],
  notes: null,
  status: 'active',
  withdrawnReason: null,
  version: 1,
  recordedAt: '2023-05-10T00:00:00.000Z',
  recordedBy: 'li',
  updatedAt: '2023-05-10T00:00:00.000Z',
});
const state = (parent: Activity | null = null): AmendActivityState => ({ activity: activity('a1'), department, parent });
const amend = (changes: AmendActivity['changes']) => new AmendActivity('wh-fao', 'a1', changes, 1, { actor: 'li' });

function refusal(decide: () => unknown): unknown {
  try {
    decide();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('decideAmendActivity', () => {
  it('given an activity, when its title changes, then one amended event with the change and the previous value', () => {
    const [event] = decideAmendActivity(state(), amend({ title: ' 友城交流（修订） ' }));
    expect(event.type).toBe(ActivityEvents.amended);
    expect(event.data).toMatchObject({ changes: { title: '友城交流（修订）' }, previous: { title: '友城交流' } });
  });

  it('makes it a part of a project of its department, never of a part or of an unknown activity', () => {
    const [event] = decideAmendActivity(state(activity('p1')), amend({ parentId: 'p1' }));
    expect(event.data).toMatchObject({ changes: { parentId: 'p1' } });
    for (const parent of [null, activity('p1', 'p0'), activity('p1', null, 'other')]) {
      expect(refusal(() => decideAmendActivity(state(parent), amend({ parentId: 'p1' })))).toMatchObject({
        code: 'VALIDATION.FAILED',
        errors: [{ field: 'parentId' }],
      });
    }
  });

  it('refuses a date in another year naming occurredOn, unless the command says the record moves to that year', () => {
    expect(refusal(() => decideAmendActivity(state(), amend({ occurredOn: '2024-05-10' })))).toMatchObject({
      code: 'VALIDATION.FAILED',
      errors: [{ field: 'occurredOn', reason: expect.stringContaining('移出 2023 年度') }],
    });
    const moving = new AmendActivity('wh-fao', 'a1', { occurredOn: '2024-05-10' }, 1, { actor: 'li' }, { moveToYear: true });
    expect(decideAmendActivity(state(), moving)[0].data).toMatchObject({ changes: { occurredOn: '2024-05-10' } });
    // Within the year nothing needs saying.
    expect(decideAmendActivity(state(), amend({ occurredOn: '2023-12-31' }))[0].data).toMatchObject({
      changes: { occurredOn: '2023-12-31' },
    });
  });

  it("checks a new category against the department's catalog", () => {
    expect(refusal(() => decideAmendActivity(state(), amend({ category: 'no-such-category' })))).toMatchObject({
      errors: [expect.objectContaining({ field: 'category' })],
    });
  });
});
