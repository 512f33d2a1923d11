import { describe, expect, it } from '@jest/globals';
import {
  ActivityEvents,
  amendActivity,
  evolveActivity,
  moveActivity,
  positionAfter,
  recordActivity,
  restoreActivity,
  withdrawActivity,
  type ActivityAmended,
  type ActivityMoved,
} from './activity';
import { DomainValidationError, StateConflictError } from './errors';
import type { Measure } from './plan';
import { emptyPlan } from './plan';
import { evaluateMeasure } from './progress';
import { activityInput, after, CATALOG, fieldsOf, given, recorded, refusal, stored, TEST_ACTOR } from '../../test/domain';

const fields = fieldsOf;

const measure = (m: Partial<Measure> & Pick<Measure, 'code' | 'kind'>): Measure => ({
  name: m.code,
  unit: '',
  category: null,
  where: {},
  attribute: null,
  valueType: 'count',
  ...m,
});
const plan2023 = emptyPlan('wh-fao', 2023);
const majorEvents = measure({ code: 'major-events', kind: 'count', category: 'major-event' });
const exchangeProjects = measure({ code: 'exchange-projects', kind: 'count-distinct-parents', category: 'exchange-project' });

describe('recordActivity', () => {
  it('given no activity, when a valid one is recorded, then one recorded event carries the trimmed fields', () => {
    const input = activityInput({ title: '  举办武汉国际友城合作论坛  ', attributes: { participants: 120, countries: 30 } });

    const events = recordActivity(null, input, CATALOG);

    expect(events).toHaveLength(1);
    expect(events[0].type).toBe(ActivityEvents.recorded);
    expect(events[0].data).toMatchObject({
      activityId: input.activityId,
      department: 'wh-fao',
      category: 'major-event',
      title: '举办武汉国际友城合作论坛',
      occurredOn: '2023-05-10',
      role: '主办',
      attributes: { participants: 120, countries: 30 },
      parentId: null,
    });
  });

  it('then evolve builds the activity: active, version 1, recorded by the actor at the stored time', () => {
    const input = activityInput({ alsoCountsFor: ['investment-events', 'investment-events'] });

    const activity = given(
      evolveActivity,
      stored(recordActivity(null, input, CATALOG), { recordedAt: '2023-09-20T02:00:00Z', actor: 'li' }),
    );

    expect(activity).toMatchObject({
      id: input.activityId,
      status: 'active',
      withdrawnReason: null,
      version: 1,
      recordedAt: '2023-09-20T02:00:00.000Z',
      updatedAt: '2023-09-20T02:00:00.000Z',
      recordedBy: 'li',
      alsoCountsFor: ['investment-events'],
    });
  });

  it('given an activity with that id, when recorded again, then StateConflictError', () => {
    const existing = recorded();
    expect(() => recordActivity(existing, activityInput({ activityId: existing.id }), CATALOG)).toThrow(StateConflictError);
  });

  it.each<[string, Partial<Parameters<typeof activityInput>[0]>, string]>([
    ['an unknown category', { category: 'banquet', attributes: {} }, 'category'],
    ['an attribute the category does not have', { attributes: { cost: 3 } }, 'attributes.cost'],
    ['a wrong attribute type', { attributes: { participants: '120' } }, 'attributes.participants'],
    ['a negative integer', { attributes: { participants: -1 } }, 'attributes.participants'],
    ['a fractional integer', { attributes: { countries: 2.5 } }, 'attributes.countries'],
    [
      'an option the enum lacks',
      { category: 'new-friendship-city', attributes: { city: '拉姆安拉', country: '巴勒斯坦', relation: 'twin', level: 'municipal' } },
      'attributes.relation',
    ],
    ['a required attribute missing', { category: 'milestone', attributes: {} }, 'attributes.milestone'],
    ['an impossible date', { occurredOn: '2023-02-30' }, 'occurredOn'],
    ['a date in another format', { occurredOn: '2023/05/10' }, 'occurredOn'],
    ['a role outside 主办 承办 协办 配合 联合', { role: '参加' as never }, 'role'],
    ['an empty title', { title: '   ' }, 'title'],
    ['an activity as its own part', { activityId: 'a-1', parentId: 'a-1' }, 'parentId'],
    ['alsoCountsFor that is not a list of codes', { alsoCountsFor: ['Major Events'] }, 'alsoCountsFor'],
  ])('given %s, when recorded, then refused naming the field', (_, overrides, field) => {
    const errors = refusal(() => recordActivity(null, activityInput(overrides), CATALOG));

    expect(fields(errors)).toEqual([field]);
  });

  it('given several problems, when recorded, then every one is reported at once with its field', () => {
    const input = activityInput({
      category: 'new-friendship-city',
      title: '',
      occurredOn: '2023-02-30',
      role: 'host' as never,
      attributes: { city: 'Soroca', relation: 'mou-ish', level: 'municipal', participants: 3 },
    });

    const errors = refusal(() => recordActivity(null, input, CATALOG));

    expect(fields(errors)).toEqual(['attributes.country', 'attributes.participants', 'attributes.relation', 'occurredOn', 'role', 'title']);
    expect(errors.every((e) => e.reason.length > 0)).toBe(true);
  });

  it('the error carries the VALIDATION.FAILED code and a message naming the fields', () => {
    let caught: unknown;
    try {
      recordActivity(null, activityInput({ title: '', occurredOn: '2023-13-01' }), CATALOG);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainValidationError);
    expect((caught as DomainValidationError).code).toBe('VALIDATION.FAILED');
    expect((caught as DomainValidationError).message).toMatch(/title: .*occurredOn: /);
  });
});

describe('amendActivity', () => {
  it('given an activity, when title and attributes change, then only changed fields are in changes and old values in previous', () => {
    const activity = recorded({ title: '会见日本大阪府代表团', attributes: { participants: 20, countries: 1 }, role: '主办' });

    const [event] = amendActivity(
      activity,
      { title: '会见日本大阪府经济代表团', role: '主办', occurredOn: activity.occurredOn, attributes: { participants: 25, countries: 1 } },
      CATALOG,
    );

    expect(event.type).toBe(ActivityEvents.amended);
    const data = event.data as ActivityAmended;
    expect(data.changes).toEqual({ title: '会见日本大阪府经济代表团', attributes: { participants: 25, countries: 1 } });
    expect(data.previous).toEqual({ title: '会见日本大阪府代表团', attributes: { participants: 20, countries: 1 } });
    expect(data.was).toEqual({ category: 'major-event', occurredOn: '2023-05-10', active: true });
  });

  it('then evolve applies the changes and bumps the version, leaving other fields alone', () => {
    const activity = recorded({ title: '会见日本大阪府代表团', notes: '首次来访' });

    const amended = after(activity, amendActivity(activity, { occurredOn: '2023-06-02' }, CATALOG), { recordedAt: '2023-06-03T00:00:00Z' });

    expect(amended).toMatchObject({ occurredOn: '2023-06-02', title: '会见日本大阪府代表团', notes: '首次来访', version: 2 });
    expect(amended.updatedAt).toBe('2023-06-03T00:00:00.000Z');
    expect(amended.recordedAt).toBe(activity.recordedAt);
  });

  it('given an amendment equal to the current values, when decided, then refused: nothing would change', () => {
    const activity = recorded({ title: '会见日本大阪府代表团', attributes: { participants: 20, countries: 1 } });

    const errors = refusal(() =>
      amendActivity(
        activity,
        { title: ' 会见日本大阪府代表团 ', attributes: { countries: 1, participants: 20 }, role: activity.role },
        CATALOG,
      ),
    );

    expect(errors).toEqual([{ field: 'changes', reason: 'nothing would change' }]);
  });

  it('given an empty amendment, when decided, then refused', () => {
    expect(fields(refusal(() => amendActivity(recorded(), {}, CATALOG)))).toEqual(['changes']);
  });

  it('given invalid values, when amended, then refused with the fields (partial: only given fields are checked)', () => {
    const activity = recorded();

    const errors = refusal(() => amendActivity(activity, { occurredOn: '2023-02-29', role: 'boss' as never }, CATALOG));

    expect(fields(errors)).toEqual(['occurredOn', 'role']);
  });

  it('given new attributes only, when amended, then they are checked against the current category', () => {
    const activity = recorded({ category: 'major-event' });

    expect(fields(refusal(() => amendActivity(activity, { attributes: { items: 3 } }, CATALOG)))).toEqual(['attributes.items']);
  });

  it('given a category change without attributes, when amended, then the current attributes are re-validated against the new category', () => {
    const activity = recorded({ category: 'major-event', attributes: { participants: 40, counterpart: '大阪府' } });

    const errors = refusal(() => amendActivity(activity, { category: 'policy-briefing' }, CATALOG));

    expect(fields(errors)).toEqual(['attributes.counterpart']);
  });

  it('given a category change whose required attributes are missing, when amended, then refused on them', () => {
    const activity = recorded({ category: 'major-event', attributes: {} });

    expect(fields(refusal(() => amendActivity(activity, { category: 'milestone' }, CATALOG)))).toEqual(['attributes.milestone']);
  });

  it('given a category change with attributes fitting the new category, when amended, then accepted and the position moves', () => {
    const activity = recorded({ category: 'major-event', attributes: { participants: 40, counterpart: '大阪府' } });

    const events = amendActivity(activity, { category: 'policy-briefing', attributes: { participants: 40 } }, CATALOG);

    const data = events[0].data as ActivityAmended;
    expect(data.changes).toEqual({ category: 'policy-briefing', attributes: { participants: 40 } });
    expect(positionAfter(stored(events)[0])).toEqual({
      was: { category: 'major-event', occurredOn: '2023-05-10', active: true },
      now: { category: 'policy-briefing', occurredOn: '2023-05-10', active: true },
    });
  });

  it('given a change of parent to itself, when amended, then refused on parentId', () => {
    const activity = recorded();
    expect(fields(refusal(() => amendActivity(activity, { parentId: activity.id }, CATALOG)))).toEqual(['parentId']);
  });
});

describe('moveActivity', () => {
  it('given an exchange project counted there, when moved to major events, then it leaves one measure and enters the other', () => {
    const activity = recorded({ category: 'exchange-project', title: '武汉-杰尔友好交流活动', attributes: { counterpart: '杰尔市' } });
    expect(evaluateMeasure(exchangeProjects, plan2023, [activity]).actual).toBe(1);
    expect(evaluateMeasure(majorEvents, plan2023, [activity]).actual).toBe(0);

    const events = moveActivity(activity, 'major-event', { counterpart: '杰尔市', participants: 60 }, '属重要外事活动', CATALOG);
    const moved = after(activity, events);

    expect(events[0].type).toBe(ActivityEvents.moved);
    expect((events[0].data as ActivityMoved).previous).toEqual({ category: 'exchange-project', attributes: { counterpart: '杰尔市' } });
    expect(moved).toMatchObject({ category: 'major-event', attributes: { counterpart: '杰尔市', participants: 60 }, version: 2 });
    expect(evaluateMeasure(exchangeProjects, plan2023, [moved]).actual).toBe(0);
    expect(evaluateMeasure(majorEvents, plan2023, [moved]).actual).toBe(1);
  });

  it('given attributes the new category lacks, when moved, then refused on them', () => {
    const activity = recorded({ category: 'major-event' });
    expect(fields(refusal(() => moveActivity(activity, 'milestone', { participants: 3 }, null, CATALOG)))).toEqual([
      'attributes.milestone',
      'attributes.participants',
    ]);
  });

  it('keeps every attribute the target category also defines, and names in the event those it drops', () => {
    const activity = recorded({
      category: 'major-event',
      title: '国际友城大会',
      attributes: { participants: 45, countries: 1, counterpart: '曼彻斯特市' },
    });
    const [same] = moveActivity(activity, 'exchange-project', {}, '归类调整', CATALOG);
    expect(same.data).toMatchObject({
      attributes: { participants: 45, countries: 1, counterpart: '曼彻斯特市' },
      previous: { category: 'major-event', attributes: { participants: 45, countries: 1, counterpart: '曼彻斯特市' } },
      dropped: [],
    });

    // 家在武汉 takes participants and countries, not counterpart; a given value replaces a kept one.
    const [fewer] = moveActivity(activity, 'home-in-wuhan', { countries: 2 }, null, CATALOG);
    expect(fewer.data).toMatchObject({ attributes: { participants: 45, countries: 2 }, dropped: ['counterpart'] });
    expect(after(activity, [fewer])).toMatchObject({ category: 'home-in-wuhan', attributes: { participants: 45, countries: 2 } });

    // null clears a kept value.
    const [cleared] = moveActivity(activity, 'hk-macao-youth', { participants: null as never }, null, CATALOG);
    expect(cleared.data).toMatchObject({ attributes: {}, dropped: ['countries', 'counterpart'] });
  });

  it('drops a value whose type does not fit the attribute of the same key in the target category', () => {
    const catalog = [
      ...CATALOG,
      { code: 'forum', label: '论坛', attributes: [{ name: 'counterpart', label: '对方', type: 'enum' as const, options: { x: '某方' } }] },
      { code: 'summit', label: '峰会', attributes: [{ name: 'participants', label: '人数', type: 'amount' as const }] },
    ];
    const activity = recorded({ category: 'major-event', attributes: { participants: 45, counterpart: '曼彻斯特市' } });
    expect(moveActivity(activity, 'forum', {}, null, catalog)[0].data).toMatchObject({
      attributes: {},
      dropped: ['participants', 'counterpart'],
    });
    // integer → amount: a whole number is an amount too.
    expect(moveActivity(activity, 'summit', {}, null, catalog)[0].data).toMatchObject({
      attributes: { participants: 45 },
      dropped: ['counterpart'],
    });
  });

  it('given the same or an unknown category, when moved, then refused on category', () => {
    const activity = recorded({ category: 'major-event' });
    expect(fields(refusal(() => moveActivity(activity, 'major-event', {}, null, CATALOG)))).toEqual(['category']);
    expect(fields(refusal(() => moveActivity(activity, 'gala', {}, null, CATALOG)))).toEqual(['category']);
  });
});

describe('withdrawActivity / restoreActivity', () => {
  it('given a counted activity, when withdrawn, then it leaves the count and evolve keeps the reason', () => {
    const activity = recorded({ category: 'major-event' });
    const other = recorded({ category: 'major-event', title: '第二场活动' });
    expect(evaluateMeasure(majorEvents, plan2023, [activity, other]).actual).toBe(2);

    const withdrawn = after(activity, withdrawActivity(activity, '  重复录入  '));

    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnReason: '重复录入', version: 2 });
    expect(evaluateMeasure(majorEvents, plan2023, [withdrawn, other])).toEqual({ actual: 1, activityIds: [other.id] });
  });

  it('given a withdrawn activity, when restored, then it counts again and the reason is cleared', () => {
    const activity = recorded({ category: 'major-event' });
    const withdrawn = after(activity, withdrawActivity(activity, '重复录入'));

    const restored = after(withdrawn, restoreActivity(withdrawn, '并非重复'));

    expect(restored).toMatchObject({ status: 'active', withdrawnReason: null, version: 3 });
    expect(evaluateMeasure(majorEvents, plan2023, [restored]).actual).toBe(1);
  });

  it('given a withdrawn activity, when withdrawn again, then StateConflictError', () => {
    const activity = recorded();
    const withdrawn = after(activity, withdrawActivity(activity, '重复录入'));

    expect(() => withdrawActivity(withdrawn, '再次撤回')).toThrow(StateConflictError);
  });

  it('given an active activity, when restored, then StateConflictError', () => {
    expect(() => restoreActivity(recorded(), null)).toThrow(StateConflictError);
  });

  it('given no reason, when withdrawn, then refused on reason', () => {
    expect(fields(refusal(() => withdrawActivity(recorded(), '  ')))).toEqual(['reason']);
  });
});

describe('evolveActivity', () => {
  it('given no activity, when a correction event arrives, then it throws rather than invent one', () => {
    const activity = recorded();
    const [withdrawn] = stored(withdrawActivity(activity, '误录'), { startVersion: 2 });

    expect(() => evolveActivity(null, withdrawn)).toThrow();
  });

  it('given an event of another kind, then the state is unchanged', () => {
    const activity = recorded();
    const [other] = stored([{ type: 'plan.target-set.v1', data: {} }]);

    expect(evolveActivity(activity, other)).toBe(activity);
  });

  it('records the actor of the first event as recordedBy', () => {
    expect(recorded().recordedBy).toBe(TEST_ACTOR);
  });
});

describe('positionAfter (what the counting projection reads)', () => {
  it('recorded: no previous position, now active in its category and date', () => {
    const [event] = stored(recordActivity(null, activityInput({ category: 'home-in-wuhan', occurredOn: '2023-03-08' }), CATALOG));

    expect(positionAfter(event)).toEqual({ was: null, now: { category: 'home-in-wuhan', occurredOn: '2023-03-08', active: true } });
  });

  it('amended date: was the old date, now the new one', () => {
    const activity = recorded({ occurredOn: '2023-12-30' });
    const [event] = stored(amendActivity(activity, { occurredOn: '2024-01-02' }, CATALOG, { moveToYear: true }), { startVersion: 2 });

    expect(positionAfter(event)).toEqual({
      was: { category: 'major-event', occurredOn: '2023-12-30', active: true },
      now: { category: 'major-event', occurredOn: '2024-01-02', active: true },
    });
  });

  it('amended title only: the position does not change', () => {
    const activity = recorded();
    const [event] = stored(amendActivity(activity, { title: '新标题' }, CATALOG), { startVersion: 2 });

    const position = positionAfter(event);
    expect(position?.now).toEqual(position?.was);
  });

  it('amended while withdrawn: stays inactive', () => {
    const activity = recorded();
    const withdrawn = after(activity, withdrawActivity(activity, '误录'));
    const [event] = stored(amendActivity(withdrawn, { category: 'policy-briefing' }, CATALOG), { startVersion: 3 });

    expect(positionAfter(event)).toEqual({
      was: { category: 'major-event', occurredOn: '2023-05-10', active: false },
      now: { category: 'policy-briefing', occurredOn: '2023-05-10', active: false },
    });
  });

  it('moved: category changes, date and activeness stay', () => {
    const activity = recorded({ category: 'major-event', occurredOn: '2023-09-14' });
    const [event] = stored(moveActivity(activity, 'investment-event', {}, null, CATALOG), { startVersion: 2 });

    expect(positionAfter(event)).toEqual({
      was: { category: 'major-event', occurredOn: '2023-09-14', active: true },
      now: { category: 'investment-event', occurredOn: '2023-09-14', active: true },
    });
  });

  it('withdrawn then restored: active goes false, then true again', () => {
    const activity = recorded();
    const withdrawEvents = withdrawActivity(activity, '误录');
    const withdrawn = after(activity, withdrawEvents);
    const restoreEvents = restoreActivity(withdrawn, null);

    const w = positionAfter(stored(withdrawEvents, { startVersion: 2 })[0]);
    const r = positionAfter(stored(restoreEvents, { startVersion: 3 })[0]);

    expect(w).toEqual({
      was: { category: 'major-event', occurredOn: '2023-05-10', active: true },
      now: { category: 'major-event', occurredOn: '2023-05-10', active: false },
    });
    expect(r).toEqual({
      was: { category: 'major-event', occurredOn: '2023-05-10', active: false },
      now: { category: 'major-event', occurredOn: '2023-05-10', active: true },
    });
  });

  it('an event that is not an activity event: null', () => {
    expect(positionAfter(stored([{ type: 'plan.target-set.v1', data: {} }])[0])).toBeNull();
  });
});
