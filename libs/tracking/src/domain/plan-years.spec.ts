import { describe, expect, it } from '@jest/globals';
import { CATALOG, given, planOf, recorded, refusal, stored } from '../../test/domain';
import {
  budgetOn,
  decidePlanChange,
  emptyPlan,
  evolvePlan,
  PlanEvents,
  targetValueOn,
  type Plan,
  type PlanChange,
  type PlanEvent,
} from './plan';
import { copiedContent, copyPlan } from './plan-copy';
import { budgetSetV1ToV2, targetRevisedV1ToV2 } from './plan-effective-upcasters';
import { computeProgress } from './progress';

const major: PlanChange = {
  kind: 'define-measure',
  measure: { code: 'major-events', name: '重要外事活动', unit: '场', kind: 'count', category: 'major-event', valueType: 'count' },
};
const item: PlanChange = {
  kind: 'set-key-work-item',
  item: { no: 1, matter: '举办重要外事活动', content: '举办重要外事活动 5 场以上', milestones: [] },
};
const kwTarget: PlanChange = {
  kind: 'set-target',
  target: { id: 'kw-1-major', plan: { kind: 'key-work', item: 1 }, measure: 'major-events', direction: '>=', value: 5 },
};
const goal: PlanChange = { kind: 'set-goal', goal: { scope: 'department', no: 1, text: '扩大对外交往', points: 40 } };
const indicator = (id: string, value: number, points?: number): PlanChange => ({
  kind: 'set-target',
  target: {
    id,
    plan: { kind: 'department-goal', goal: 1 },
    measure: 'major-events',
    direction: '>=',
    value,
    labels: { level1: '产出指标', level2: '数量指标', level3: '重要外事活动' },
    ...(points !== undefined ? { points } : {}),
  },
});

/** Decides a change with the department's today and folds it, recorded at `recordedAt`. */
function change(plan: Plan, c: PlanChange, today?: string, recordedAt = '2023-06-20T02:00:00Z'): Plan {
  const events = decidePlanChange(plan, c, CATALOG, { today });
  return given(evolvePlan, stored(events, { startVersion: plan.version + 1, recordedAt }), plan) ?? plan;
}

describe('a target revision with an effective date', () => {
  const base = planOf([major, item, kwTarget]);

  it('applies from its effectiveFrom: as of the day before the earlier value, as of the day itself the new one', () => {
    const plan = change(
      base,
      { kind: 'revise-target', targetId: 'kw-1-major', value: 7, reason: '年中调整', effectiveFrom: '2023-07-01' },
      '2023-06-20',
    );
    const [revision] = plan.targets[0].revisions;
    expect(revision).toMatchObject({ value: 7, previous: 5, effectiveFrom: '2023-07-01', at: '2023-06-20T02:00:00.000Z' });
    expect(targetValueOn(plan.targets[0], 2023, '2023-06-30')).toEqual({ value: 5, inForceFrom: null });
    expect(targetValueOn(plan.targets[0], 2023, '2023-07-01')).toEqual({ value: 7, inForceFrom: '2023-07-01' });

    const activities = ['2023-02-01', '2023-03-01', '2023-04-01', '2023-05-01', '2023-06-01', '2023-06-15'].map((occurredOn) =>
      recorded({ occurredOn }),
    );
    const dayBefore = computeProgress(plan, activities, { asOf: '2023-06-30', today: '2023-12-31' }).measures[0].targets[0];
    const dayOf = computeProgress(plan, activities, { asOf: '2023-07-01', today: '2023-12-31' }).measures[0].targets[0];
    expect(dayBefore).toMatchObject({ target: 5, met: true, revised: false, inForceFrom: null, latest: 7 });
    expect(dayOf).toMatchObject({ target: 7, met: false, revised: true, inForceFrom: '2023-07-01', original: 5, latest: 7 });
  });

  it('applies by default from the day it is decided, and a revision decided after the year from its last day', () => {
    const during = change(base, { kind: 'revise-target', targetId: 'kw-1-major', value: 6, reason: '调整' }, '2023-08-15');
    expect(during.targets[0].revisions[0].effectiveFrom).toBe('2023-08-15');
    const after = change(base, { kind: 'revise-target', targetId: 'kw-1-major', value: 6, reason: '决算时调整' }, '2024-02-01');
    expect(after.targets[0].revisions[0].effectiveFrom).toBe('2023-12-31');
    expect(targetValueOn(after.targets[0], 2023, null).value).toBe(6);
  });

  it('refuses an effectiveFrom after the year or not a date, in Chinese', () => {
    const revise = (effectiveFrom: string) => () =>
      decidePlanChange(base, { kind: 'revise-target', targetId: 'kw-1-major', value: 6, reason: '调整', effectiveFrom }, CATALOG);
    expect(refusal(revise('2024-01-01'))).toEqual([{ field: 'effectiveFrom', reason: '生效日期不能晚于 2023 年末' }]);
    expect(refusal(revise('2023-02-30'))[0].field).toBe('effectiveFrom');
  });

  it('orders revisions by their effective day, not by when they were decided', () => {
    let plan = change(
      base,
      { kind: 'revise-target', targetId: 'kw-1-major', value: 8, reason: '下半年', effectiveFrom: '2023-07-01' },
      '2023-05-01',
    );
    plan = change(
      plan,
      { kind: 'revise-target', targetId: 'kw-1-major', value: 6, reason: '自三月起', effectiveFrom: '2023-03-01' },
      '2023-06-01',
    );
    expect([['2023-02-28'], ['2023-03-01'], ['2023-07-01']].map(([d]) => targetValueOn(plan.targets[0], 2023, d).value)).toEqual([5, 6, 8]);
  });

  it('reads a stored v1 revision (no effective day) as applying from the start of its year', () => {
    const v1 = { department: 'wh-fao', year: 2023, targetId: 'kw-1-major', value: 6, previous: 5, reason: '旧的调整' };
    const upcast = targetRevisedV1ToV2(v1);
    expect(upcast).toEqual({ type: PlanEvents.targetRevised, data: { ...v1, effectiveFrom: '2023-01-01' } });
    const plan = given(evolvePlan, stored([upcast], { startVersion: base.version + 1 }), base)!;
    expect(targetValueOn(plan.targets[0], 2023, '2023-01-01').value).toBe(6);
  });
});

describe('a budget adjustment with an effective date', () => {
  const budget = (adjusted: number) => ({ initial: 100, adjusted, executed: 90 });

  it('a first budget applies from the start of the year; an adjustment from its day; as of earlier days the earlier budget', () => {
    let plan = change(emptyPlan('wh-fao', 2023), { kind: 'set-budget', scope: 'department', budget: budget(100) }, '2023-03-10');
    plan = change(plan, { kind: 'set-budget', scope: 'department', budget: budget(120), effectiveFrom: '2023-09-01' }, '2023-08-20');
    expect(plan.budgetHistory.department.map((e) => e.effectiveFrom)).toEqual(['2023-01-01', '2023-09-01']);
    expect(budgetOn(plan, 'department', '2023-08-31')?.adjusted).toBe(100);
    expect(budgetOn(plan, 'department', '2023-09-01')?.adjusted).toBe(120);
    expect(budgetOn(plan, 'department', null)?.adjusted).toBe(120);
  });

  it('reads a stored v1 budget as applying from the start of its year', () => {
    const v1 = { department: 'wh-fao', year: 2023, scope: 'department', budget: budget(100), previous: null };
    expect(budgetSetV1ToV2(v1).data.effectiveFrom).toBe('2023-01-01');
  });
});

describe('分值, budget points', () => {
  it('sets an indicator’s points with its target, changes them with set-target-points, refuses 0 or more than 100', () => {
    let plan = planOf([major, goal, indicator('dg-1-1', 4, 20)]);
    expect(plan.targets[0].points).toBe(20);
    plan = change(plan, { kind: 'set-target-points', targetId: 'dg-1-1', points: 25 });
    expect(plan.targets[0].points).toBe(25);
    expect(decidePlanChange(plan, { kind: 'set-target-points', targetId: 'dg-1-1', points: 25 }, CATALOG)).toEqual([]);
    expect(refusal(() => decidePlanChange(plan, { kind: 'set-target-points', targetId: 'dg-1-1', points: 0 }, CATALOG))[0].field).toBe(
      'points',
    );
    expect(refusal(() => decidePlanChange(planOf([major, goal]), indicator('dg-1-2', 2, 101), CATALOG))[0].field).toBe('points');
  });

  it('keeps 20 budget points unless the plan sets others', () => {
    expect(emptyPlan('wh-fao', 2023).budgetPoints).toBe(20);
    expect(change(emptyPlan('wh-fao', 2023), { kind: 'set-budget-points', points: 10 }).budgetPoints).toBe(10);
  });
});

describe('next year from last year (copyPlan)', () => {
  const y2023 = change(planOf([major, item, kwTarget, goal, indicator('dg-1-1', 4, 20), { kind: 'set-budget-points', points: 10 }]), {
    kind: 'revise-target',
    targetId: 'kw-1-major',
    value: 6,
    reason: '年中调整',
    effectiveFrom: '2023-07-01',
  });
  const fold = (plan: Plan, events: PlanEvent[]) => given(evolvePlan, stored(events, { startVersion: plan.version + 1 }), plan)!;

  it('copies measures, items, goals, targets (at their latest value) and 分值, marked carried over; budgets and figures stay', () => {
    const events = copyPlan(emptyPlan('wh-fao', 2024), y2023);
    expect(events[0]).toEqual({
      type: PlanEvents.copied,
      data: { department: 'wh-fao', year: 2024, fromYear: 2023, copied: { measures: 1, keyWork: 1, projects: 0, goals: 1, targets: 2 } },
    });
    const y2024 = fold(emptyPlan('wh-fao', 2024), events);
    expect(y2024.copiedFrom).toBe(2023);
    expect(y2024.targets.map((t) => [t.id, t.value, t.original, t.points, t.carriedOver, t.revisions.length])).toEqual([
      ['kw-1-major', 6, 6, null, { fromYear: 2023 }, 0],
      ['dg-1-1', 4, 4, 20, { fromYear: 2023 }, 0],
    ]);
    expect(y2024.budgetPoints).toBe(10);
    expect(y2024.budgets.department).toBeNull();
    const progress = computeProgress(y2024, [], { today: '2024-01-10' });
    expect(progress.measures[0].targets.map((t) => t.carriedOver)).toEqual([{ fromYear: 2023 }, { fromYear: 2023 }]);
  });

  it('copied twice gives one plan: the second copy decides nothing; the content hash ignores what is not copied', () => {
    const once = fold(emptyPlan('wh-fao', 2024), copyPlan(emptyPlan('wh-fao', 2024), y2023));
    expect(copyPlan(once, y2023)).toEqual([]);
    const withFigures = change(y2023, { kind: 'set-budget', scope: 'department', budget: { initial: 1, adjusted: 1, executed: 1 } });
    expect(copiedContent(withFigures)).toEqual(copiedContent(y2023));
  });

  it('keeps what the year already has, and refuses an empty source or the same year', () => {
    const planned = planOf([major, item, { ...kwTarget, target: { ...kwTarget.target, value: 9 } } as PlanChange], 2024);
    const y2024 = fold(planned, copyPlan(planned, y2023));
    expect(y2024.targets.find((t) => t.id === 'kw-1-major')).toMatchObject({ value: 9, carriedOver: null });
    expect(refusal(() => copyPlan(emptyPlan('wh-fao', 2024), emptyPlan('wh-fao', 2023)))).toEqual([
      { field: 'from', reason: '2023 年度没有可沿用的计划' },
    ]);
    expect(refusal(() => copyPlan(y2023, y2023))[0].field).toBe('from');
  });

  it('a carried-over target is confirmed (or given the year’s own value) before it can be revised', () => {
    const y2024 = fold(emptyPlan('wh-fao', 2024), copyPlan(emptyPlan('wh-fao', 2024), y2023));
    expect(
      refusal(() => decidePlanChange(y2024, { kind: 'revise-target', targetId: 'kw-1-major', value: 7, reason: '调整' }, CATALOG)),
    ).toEqual([{ field: 'targetId', reason: '该目标值沿用上年，请先确认（确认时可修改目标值）' }]);
    const confirmed = change(y2024, { kind: 'confirm-target', targetId: 'kw-1-major' });
    expect(confirmed.targets[0]).toMatchObject({ value: 6, original: 6, carriedOver: null });
    const changed = change(y2024, { kind: 'confirm-target', targetId: 'dg-1-1', value: 5 });
    expect(changed.targets[1]).toMatchObject({ value: 5, original: 5, carriedOver: null, revisions: [] });
    expect(refusal(() => decidePlanChange(confirmed, { kind: 'confirm-target', targetId: 'kw-1-major' }, CATALOG))[0].reason).toBe(
      '该目标值不是沿用上年的，无需确认',
    );
  });
});
