import { describe, expect, it } from '@jest/globals';
import { DomainValidationError, NotFoundError, StateConflictError } from './errors';
import {
  decidePlanChange,
  defineMeasure,
  emptyPlan,
  evolvePlan,
  PlanEvents,
  recordMeasurement,
  recordScoreAdjustment,
  reviseTarget,
  setBudget,
  setSangong,
  setTarget,
  type Measure,
  type Plan,
  type PlanChange,
} from './plan';
import { CATALOG, fieldsOf, given, planOf, refusal, stored } from '../../test/domain';

const fields = fieldsOf;

const measure = (code: string, kind: Measure['kind'], extra: Partial<Measure> = {}): Measure => ({
  code,
  name: code,
  unit: '个',
  kind,
  category: null,
  where: {},
  attribute: null,
  valueType: 'count',
  ...extra,
});
const define = (m: Measure): PlanChange => ({ kind: 'define-measure', measure: m });
const majorEvents = measure('major-events', 'count', { category: 'major-event' });

/** A plan with key-work item 1, department goal 1, project p1 with goal 1, and two measures. */
const basePlan = (): Plan =>
  planOf([
    { kind: 'set-key-work-item', item: { no: 1, matter: '重要外事活动', content: '举办重要外事活动不少于 5 场', milestones: [] } },
    { kind: 'set-goal', goal: { scope: 'department', project: null, no: 1, text: '服务对外开放', points: 40 } },
    { kind: 'define-project', project: { code: 'p1', name: '对外交往业务支出' } },
    { kind: 'set-goal', goal: { scope: 'project', project: 'p1', no: 1, text: '产出', points: 50 } },
    define(majorEvents),
    define(measure('awareness-rate', 'measured', { unit: '%', valueType: 'rate' })),
  ]);
const keyWorkTarget = (value: number, extra: Record<string, unknown> = {}) => ({
  id: 'kw1-major',
  plan: { kind: 'key-work' as const, item: 1 },
  measure: 'major-events',
  direction: '>=' as const,
  value,
  unit: '场',
  labels: null,
  ...extra,
});

describe('defineMeasure', () => {
  it('given an empty plan, when a count with a filter is defined, then one event and evolve holds the measure', () => {
    const plan = emptyPlan('wh-fao', 2023);
    const m = measure('new-cities', 'count', {
      category: 'new-friendship-city',
      where: { relation: ['sister-city', 'friendly-exchange'], level: ['municipal'] },
    });

    const events = defineMeasure(plan, m, CATALOG);
    const next = given(evolvePlan, events, plan);

    expect(events.map((e) => e.type)).toEqual([PlanEvents.measureDefined]);
    expect(events[0].data).toMatchObject({ department: 'wh-fao', year: 2023, previous: null });
    expect(next?.measures).toEqual([m]);
    expect(next?.version).toBe(1);
  });

  it('given a filter on an attribute the category lacks, then refused on where.<attr>', () => {
    const errors = refusal(() =>
      defineMeasure(
        emptyPlan('wh-fao', 2023),
        measure('x', 'count', { category: 'major-event', where: { level: ['municipal'] } }),
        CATALOG,
      ),
    );
    expect(fields(errors)).toEqual(['where.level']);
  });

  it('given a filter value the enum lacks or an empty list, then refused on that filter', () => {
    const errors = refusal(() =>
      defineMeasure(
        emptyPlan('wh-fao', 2023),
        measure('x', 'count', { category: 'new-friendship-city', where: { relation: ['twin'], level: [] } }),
        CATALOG,
      ),
    );
    expect(fields(errors)).toEqual(['where.level', 'where.relation']);
  });

  it('given a sum over a text attribute or an unknown category, then refused on attribute / category', () => {
    const plan = emptyPlan('wh-fao', 2023);
    expect(
      fields(refusal(() => defineMeasure(plan, measure('x', 'sum', { category: 'major-event', attribute: 'counterpart' }), CATALOG))),
    ).toEqual(['attribute']);
    expect(fields(refusal(() => defineMeasure(plan, measure('x', 'count', { category: 'gala' }), CATALOG)))).toEqual(['category']);
  });

  it('given a bad code, name, kind and value type, then every field is named', () => {
    const bad = {
      ...measure('Bad Code', 'count', { category: 'major-event' }),
      name: ' ',
      kind: 'average',
      valueType: 'ratio',
    } as unknown as Measure;
    expect(fields(refusal(() => defineMeasure(emptyPlan('wh-fao', 2023), bad, CATALOG)))).toEqual(['code', 'kind', 'name', 'valueType']);
  });

  it('given a measured measure, then category, filter and attribute are dropped', () => {
    const [event] = defineMeasure(
      emptyPlan('wh-fao', 2023),
      measure('rate', 'measured', { category: 'major-event', where: { participants: [1] }, attribute: 'x' }),
      CATALOG,
    );
    expect(event.data.measure).toMatchObject({ category: null, where: {}, attribute: null });
  });

  it('given the same measure again, then nothing; a changed one, then an event with the previous', () => {
    const plan = basePlan();
    expect(defineMeasure(plan, { ...majorEvents }, CATALOG)).toEqual([]);

    const [event] = defineMeasure(plan, { ...majorEvents, name: '重要外事活动（含协办）' }, CATALOG);
    expect(event.data.previous).toEqual(majorEvents);
    expect(given(evolvePlan, [event], plan)?.measures.find((m) => m.code === 'major-events')?.name).toBe('重要外事活动（含协办）');
  });
});

describe('setTarget', () => {
  it('given an unknown measure, then refused on field measure (400)', () => {
    let caught: unknown;
    try {
      setTarget(basePlan(), keyWorkTarget(5, { measure: 'banquets' }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainValidationError);
    expect((caught as DomainValidationError).code).toBe('VALIDATION.FAILED');
    expect((caught as DomainValidationError).errors.map((e) => e.field)).toEqual(['measure']);
  });

  it('given an unknown key-work item or goal, then refused on plan.*', () => {
    const plan = basePlan();
    expect(fields(refusal(() => setTarget(plan, keyWorkTarget(5, { plan: { kind: 'key-work', item: 9 } }))))).toEqual(['plan.item']);
    expect(fields(refusal(() => setTarget(plan, keyWorkTarget(5, { plan: { kind: 'project-goal', project: 'p2', goal: 1 } }))))).toEqual([
      'plan.goal',
    ]);
  });

  it('given no unit, then the target takes its measure’s unit; given an empty unit, it stays bare', () => {
    const plan = basePlan();
    const { unit: _left, ...withoutUnit } = keyWorkTarget(5);
    expect(setTarget(plan, withoutUnit)[0].data.target.unit).toBe('个');
    expect(setTarget(plan, keyWorkTarget(5, { unit: '' }))[0].data.target.unit).toBe('');
    expect(setTarget(plan, keyWorkTarget(5))[0].data.target.unit).toBe('场');
  });

  it('given a negative value or a bad direction, then refused on them', () => {
    expect(fields(refusal(() => setTarget(basePlan(), keyWorkTarget(-1, { direction: '>' }))))).toEqual(['direction', 'value']);
  });

  it('given a new target, then evolve keeps the value as original with no revisions', () => {
    const plan = basePlan();
    const next = given(evolvePlan, setTarget(plan, keyWorkTarget(5)), plan);

    expect(next?.targets).toEqual([{ ...keyWorkTarget(5), points: null, carriedOver: null, original: 5, revisions: [] }]);
  });

  it('given the same target again (plan keys in another order), then [] (idempotent)', () => {
    const plan = given(evolvePlan, setTarget(basePlan(), keyWorkTarget(5)), basePlan())!;

    expect(setTarget(plan, keyWorkTarget(5, { plan: { item: 1, kind: 'key-work' } }))).toEqual([]);
  });

  it('given a target with that id and a different value, then StateConflictError (revise instead)', () => {
    const plan = given(evolvePlan, setTarget(basePlan(), keyWorkTarget(5)), basePlan())!;

    expect(() => setTarget(plan, keyWorkTarget(6))).toThrow(StateConflictError);
  });

  it('two plans may set different targets on one measure (they disagree in the seed)', () => {
    const withKeyWork = given(evolvePlan, setTarget(basePlan(), keyWorkTarget(2)), basePlan())!;

    const events = setTarget(withKeyWork, keyWorkTarget(1, { id: 'dg1-major', plan: { kind: 'department-goal', goal: 1 } }));

    expect(given(evolvePlan, events, withKeyWork)?.targets.map((t) => [t.id, t.value])).toEqual([
      ['kw1-major', 2],
      ['dg1-major', 1],
    ]);
  });
});

describe('reviseTarget (预算调整)', () => {
  const withTarget = () => given(evolvePlan, setTarget(basePlan(), keyWorkTarget(5)), basePlan())!;

  it('given a target, when revised, then the value changes, the original stays and a revision is appended with who and when', () => {
    const plan = withTarget();
    const revised = given(evolvePlan, reviseTarget(plan, 'kw1-major', 4, ' 年中调整 '), plan, {
      actor: 'finance-1',
      recordedAt: '2023-07-15T01:00:00Z',
    })!;
    const twice = given(evolvePlan, reviseTarget(revised, 'kw1-major', 6, '再次调整'), revised)!;

    expect(revised.targets[0]).toMatchObject({
      value: 4,
      original: 5,
      revisions: [{ value: 4, previous: 5, reason: '年中调整', at: '2023-07-15T01:00:00.000Z', by: 'finance-1' }],
    });
    expect(twice.targets[0].original).toBe(5);
    expect(twice.targets[0].revisions.map((r) => [r.previous, r.value])).toEqual([
      [5, 4],
      [4, 6],
    ]);
  });

  it('given the current value, then refused: nothing would change', () => {
    expect(refusal(() => reviseTarget(withTarget(), 'kw1-major', 5, '无变化'))).toEqual([
      { field: 'value', reason: 'nothing would change' },
    ]);
  });

  it('given no reason or a negative value, then refused on both', () => {
    expect(fields(refusal(() => reviseTarget(withTarget(), 'kw1-major', -2, '')))).toEqual(['reason', 'value']);
  });

  it('given an unknown target, then NotFoundError', () => {
    expect(() => reviseTarget(withTarget(), 'nope', 3, '调整')).toThrow(NotFoundError);
  });

  it('given a removed target, then it is gone from the plan', () => {
    const plan = withTarget();
    const next = planOfChange(plan, { kind: 'remove-target', targetId: 'kw1-major', reason: '计划取消' });
    expect(next.targets).toEqual([]);
  });
});

function planOfChange(plan: Plan, change: PlanChange): Plan {
  return given(evolvePlan, decidePlanChange(plan, change, CATALOG), plan)!;
}

describe('budgets, 三公 and measurements', () => {
  it('given a negative budget amount, then refused naming it', () => {
    expect(fields(refusal(() => setBudget(basePlan(), 'department', { initial: 2486.85, adjusted: -1, executed: 2486.85 })))).toEqual([
      'adjusted',
    ]);
  });

  it('given an unknown project scope, then refused on scope', () => {
    expect(fields(refusal(() => setBudget(basePlan(), 'project:p9', { initial: 1, adjusted: 1, executed: 1 })))).toEqual(['scope']);
  });

  it('given a project budget, then evolve files it under the project; the same again is []', () => {
    const plan = basePlan();
    const budget = { initial: 433.72, adjusted: 433.72, executed: 433.72 };
    const next = planOfChange(plan, { kind: 'set-budget', scope: 'project:p1', budget });

    expect(next.budgets).toEqual({ department: null, projects: { p1: budget } });
    expect(setBudget(next, 'project:p1', { executed: 433.72, adjusted: 433.72, initial: 433.72 })).toEqual([]);
  });

  it('given a 三公 actual or a count (the records’ sum, not the plan’s), a negative budget or a standard off receptions, then refused naming them', () => {
    const old = { budget: 9.42, actual: 9.42, groups: 38 } as never;
    expect(fields(refusal(() => setSangong(basePlan(), 'receptions', old)))).toEqual(['actual', 'groups']);
    expect(fields(refusal(() => setSangong(basePlan(), 'tripsAbroad', { budget: -1, perPersonStandard: 150 })))).toEqual([
      'budget',
      'perPersonStandard',
    ]);
  });

  it('given a reception budget with its per-person standard, then one v2 event with the budget only, and the same again changes nothing', () => {
    const events = setSangong(basePlan(), 'receptions', { budget: 9.42, perPersonStandard: 150 });
    expect(events).toEqual([
      {
        type: 'plan.sangong-set.v2',
        data: { department: 'wh-fao', year: 2023, kind: 'receptions', line: { budget: 9.42, perPersonStandard: 150 }, previous: null },
      },
    ]);
    const next = planOfChange(basePlan(), {
      kind: 'set-sangong',
      sangongKind: 'receptions',
      line: { budget: 9.42, perPersonStandard: 150 },
    });
    expect(next.sangong.receptions).toEqual({ budget: 9.42, perPersonStandard: 150 });
    expect(setSangong(next, 'receptions', { budget: 9.42, perPersonStandard: 150 })).toEqual([]);
  });

  it('given a negative or non-numeric measured value, then refused on value', () => {
    expect(
      fields(refusal(() => recordMeasurement(basePlan(), { measure: 'awareness-rate', value: -5, measuredOn: '2023-12-31' }))),
    ).toEqual(['value']);
    expect(
      fields(refusal(() => recordMeasurement(basePlan(), { measure: 'awareness-rate', value: '100' as never, measuredOn: '2023-12-31' }))),
    ).toEqual(['value']);
  });

  it('given a derived measure or an impossible date, then refused on measure / measuredOn', () => {
    expect(fields(refusal(() => recordMeasurement(basePlan(), { measure: 'major-events', value: 5, measuredOn: '2023-02-30' })))).toEqual([
      'measure',
      'measuredOn',
    ]);
  });

  it('given a measurement, then evolve keeps who recorded it and when; the same one again is []', () => {
    const plan = basePlan();
    const next = given(evolvePlan, recordMeasurement(plan, { measure: 'awareness-rate', value: 100, measuredOn: '2023-12-31' }), plan, {
      actor: 'import',
      recordedAt: '2024-01-05T00:00:00Z',
    })!;

    expect(next.measurements).toEqual([
      {
        measure: 'awareness-rate',
        value: 100,
        measuredOn: '2023-12-31',
        note: null,
        recordedAt: '2024-01-05T00:00:00.000Z',
        recordedBy: 'import',
      },
    ]);
    expect(recordMeasurement(next, { measure: 'awareness-rate', value: 100, measuredOn: '2023-12-31' })).toEqual([]);
  });
});

describe('score adjustments (扣分)', () => {
  const adjustment = { id: 'dg1-deduction', scope: 'department-goal:1', points: 2, reason: '部分指标设置不够细化' };

  it('given an unknown scope, then refused on scope', () => {
    expect(fields(refusal(() => recordScoreAdjustment(basePlan(), { ...adjustment, scope: 'department-goal:7' })))).toEqual(['scope']);
  });

  it('given zero or negative points and no reason, then refused on points and reason', () => {
    expect(fields(refusal(() => recordScoreAdjustment(basePlan(), { ...adjustment, points: 0, reason: ' ' })))).toEqual([
      'points',
      'reason',
    ]);
    expect(fields(refusal(() => recordScoreAdjustment(basePlan(), { ...adjustment, points: -2 })))).toEqual(['points']);
  });

  it('given a project goal scope, then accepted', () => {
    expect(recordScoreAdjustment(basePlan(), { ...adjustment, scope: 'project-goal:p1:1' })).toHaveLength(1);
  });

  it('given a recorded adjustment, then the same again is [], a different one with that id conflicts, and a withdrawal marks it', () => {
    const plan = planOfChange(basePlan(), { kind: 'record-score-adjustment', adjustment });

    expect(plan.adjustments).toEqual([{ ...adjustment, withdrawn: false }]);
    expect(recordScoreAdjustment(plan, { ...adjustment, reason: ` ${adjustment.reason} ` })).toEqual([]);
    expect(() => recordScoreAdjustment(plan, { ...adjustment, points: 3 })).toThrow(StateConflictError);

    const withdrawn = planOfChange(plan, { kind: 'withdraw-score-adjustment', id: adjustment.id, reason: '复核后取消' });
    expect(withdrawn.adjustments[0].withdrawn).toBe(true);
    expect(() => planOfChange(withdrawn, { kind: 'withdraw-score-adjustment', id: adjustment.id, reason: '再次' })).toThrow(NotFoundError);
  });
});

describe('evolvePlan', () => {
  it('keeps key-work items in number order and versions following the stream', () => {
    const plan = planOf([
      { kind: 'set-key-work-item', item: { no: 3, matter: '三', content: '三', milestones: [] } },
      { kind: 'set-key-work-item', item: { no: 1, matter: '一', content: '一', milestones: [] } },
      { kind: 'set-key-work-item', item: { no: 2, matter: '二', content: '二', milestones: [] } },
    ]);

    expect(plan.keyWork.map((k) => k.no)).toEqual([1, 2, 3]);
    expect(plan.version).toBe(3);
  });

  it('given no state, then starts from the empty plan of the event’s department and year', () => {
    const [event] = stored(defineMeasure(emptyPlan('other-dept', 2024), majorEvents, CATALOG));

    expect(evolvePlan(null, event)).toMatchObject({ department: 'other-dept', year: 2024, measures: [majorEvents], version: 1 });
  });

  it('ignores events it does not know, apart from the version', () => {
    const plan = basePlan();
    const [event] = stored([{ type: 'plan.something-else.v9', data: { department: 'wh-fao', year: 2023 } }], {
      startVersion: plan.version + 1,
    });

    expect(evolvePlan(plan, event)).toEqual({ ...plan, version: plan.version + 1 });
  });
});

describe('decidePlanChange', () => {
  const objectKinds: [PlanChange['kind'], string][] = [
    ['define-measure', 'measure'],
    ['set-key-work-item', 'item'],
    ['define-project', 'project'],
    ['set-goal', 'goal'],
    ['set-target', 'target'],
    ['set-budget', 'budget'],
    ['set-sangong', 'line'],
    ['record-score-adjustment', 'adjustment'],
  ];
  const payloads: unknown[] = [null, undefined, 'text', 42, true, ['a']];

  it.each(objectKinds.flatMap(([kind, field]) => payloads.map((payload) => [kind, field, payload] as const)))(
    'given %s with %s = %p, then DomainValidationError on that field (never a TypeError)',
    (kind, field, payload) => {
      const change = { kind, scope: 'department', sangongKind: 'receptions', [field]: payload } as unknown as PlanChange;

      expect(fields(refusal(() => decidePlanChange(basePlan(), change, CATALOG)))).toEqual([field]);
    },
  );

  it.each<[string, unknown, string]>([
    ['set-target with plan a string', { kind: 'set-target', target: { ...keyWorkTarget(5), plan: 'key-work-1' } }, 'target.plan'],
    ['set-target with plan null', { kind: 'set-target', target: { ...keyWorkTarget(5), plan: null } }, 'target.plan'],
    [
      'set-key-work-item with milestones a string',
      { kind: 'set-key-work-item', item: { no: 2, matter: 'm', content: 'c', milestones: 'x' } },
      'item.milestones',
    ],
    [
      'define-measure with where a string',
      { kind: 'define-measure', measure: { ...majorEvents, where: 'level=municipal' } },
      'measure.where',
    ],
    ['an unknown kind', { kind: 'rename-plan' }, 'kind'],
    ['kind constructor (an Object.prototype member)', { kind: 'constructor' }, 'kind'],
    ['kind toString', { kind: 'toString' }, 'kind'],
    ['kind __proto__', JSON.parse('{"kind":"__proto__"}'), 'kind'],
  ])('given %s, then DomainValidationError on %s', (_, change, field) => {
    expect(fields(refusal(() => decidePlanChange(basePlan(), change as PlanChange, CATALOG)))).toEqual([field]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'set-target'],
    ['a number', 7],
    ['a list', [{ kind: 'set-target' }]],
  ])('given a change that is %s, then DomainValidationError on change (never a TypeError)', (_, change) => {
    expect(fields(refusal(() => decidePlanChange(basePlan(), change as PlanChange, CATALOG)))).toEqual(['change']);
  });

  it.each<[string, Record<string, unknown>]>([
    ['revise-target with a string value', { kind: 'revise-target', targetId: 'kw1-major', value: '4', reason: 3 }],
    ['set-deviation-analysis with a numeric text', { kind: 'set-deviation-analysis', scope: 'department', text: 5 }],
    ['record-measurement with nothing', { kind: 'record-measurement' }],
    ['set-goal with a numeric text', { kind: 'set-goal', goal: { scope: 'department', project: null, no: 2, text: 9, points: 40 } }],
    ['define-project with a numeric name', { kind: 'define-project', project: { code: 'p2', name: 9 } }],
    [
      'record-score-adjustment with a numeric reason',
      { kind: 'record-score-adjustment', adjustment: { id: 'x', scope: 'department-goal:1', points: 1, reason: 1 } },
    ],
    [
      'set-key-work-item with null milestones entries',
      { kind: 'set-key-work-item', item: { no: 2, matter: 'm', content: 'c', milestones: [null] } },
    ],
  ])('given %s, then DomainValidationError (never a TypeError)', (_, change) => {
    const plan = planOfChange(basePlan(), { kind: 'set-target', target: keyWorkTarget(5) });
    expect(refusal(() => decidePlanChange(plan, change as unknown as PlanChange, CATALOG)).length).toBeGreaterThan(0);
  });

  it('given a valid change, then it is decided by the matching function', () => {
    const events = decidePlanChange(basePlan(), { kind: 'set-target', target: keyWorkTarget(5) }, CATALOG);
    expect(events.map((e) => e.type)).toEqual([PlanEvents.targetSet]);
  });
});
