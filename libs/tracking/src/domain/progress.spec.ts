import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Activity } from './activity';
import { restoreActivity, withdrawActivity } from './activity';
import type { Measure, Plan, PlanChange } from './plan';
import {
  activitiesCountedBy,
  activitiesExcludedBy,
  ActivityIndex,
  computeProgress,
  expectedPace,
  evaluateMeasure,
  isMet,
  milestoneProgress,
  MILESTONE_EVIDENCE_SHOWN,
  targetRatio,
  type TargetProgress,
} from './progress';
import { after, CATALOG, planOf, recorded } from '../../test/domain';

const defineMeasure = (code: string, kind: Measure['kind'], extra: Partial<Measure> = {}): PlanChange => ({
  kind: 'define-measure',
  measure: { code, name: code, unit: '', kind, category: null, where: {}, attribute: null, valueType: 'count', ...extra },
});
const keyWork = (no: number, milestones: { code: string; title: string }[] = []): PlanChange => ({
  kind: 'set-key-work-item',
  item: { no, matter: `重要事项 ${no}`, content: `工作内容及目标 ${no}`, milestones },
});
const departmentGoal = (no: number): PlanChange => ({
  kind: 'set-goal',
  goal: { scope: 'department', project: null, no, text: `部门整体绩效目标 ${no}`, points: 40 },
});
const target = (
  id: string,
  measure: string,
  direction: '>=' | '<=',
  value: number,
  plan: { kind: 'key-work'; item: number } | { kind: 'department-goal'; goal: number } = { kind: 'key-work', item: 1 },
): PlanChange => ({
  kind: 'set-target',
  target: { id, plan, measure, direction, value, unit: '', labels: null },
});

const measureOf = (plan: Plan, code: string): Measure => {
  const found = plan.measures.find((m) => m.code === code);
  if (!found) throw new Error(`no measure ${code}`);
  return found;
};
const ids = (activities: Activity[]) => activities.map((a) => a.id).sort();

describe('evaluateMeasure', () => {
  describe('count with a where filter: four agreements, two cities (domain.md subtlety 1)', () => {
    const plan = planOf([
      defineMeasure('new-cities', 'count', {
        category: 'new-friendship-city',
        where: { relation: ['sister-city', 'friendly-exchange'], level: ['municipal'] },
      }),
    ]);
    const agreement = (city: string, relation: string, level: string, occurredOn: string) =>
      recorded({
        category: 'new-friendship-city',
        title: `与${city}建立关系`,
        occurredOn,
        attributes: { city, country: 'x', relation, level },
      });
    const ramallah = agreement('拉姆安拉', 'sister-city', 'municipal', '2023-06-14');
    const soroca = agreement('索罗卡', 'friendly-exchange', 'municipal', '2023-06-20');
    const erdenet = agreement('额尔登特', 'mou', 'municipal', '2023-11-05');
    const asti = agreement('阿斯蒂', 'friendly-exchange', 'district', '2023-09-01');
    const all = [ramallah, soroca, erdenet, asti];

    it('when evaluated, then only the city-level sister-city and friendly-exchange relationships count: 2', () => {
      const value = evaluateMeasure(measureOf(plan, 'new-cities'), plan, all);

      expect(value.actual).toBe(2);
      expect(value.activityIds.sort()).toEqual(ids([ramallah, soroca]));
    });

    it('then the MoU and the district relationship are logged but shown as excluded', () => {
      expect(ids(activitiesExcludedBy(measureOf(plan, 'new-cities'), all, 2023))).toEqual(ids([erdenet, asti]));
    });
  });

  it('count-distinct-parents: a project of 3 parts plus 2 single projects counts 3 (subtlety 2)', () => {
    const plan = planOf([defineMeasure('exchange-projects', 'count-distinct-parents', { category: 'exchange-project' })]);
    const gyor = recorded({ category: 'exchange-project', title: '武汉-杰尔友好交流活动', occurredOn: '2023-03-01' });
    const parts = ['2023-03-10', '2023-06-10', '2023-11-10'].map((occurredOn, i) =>
      recorded({ category: 'exchange-project', title: `杰尔项目第 ${i + 1} 部分`, occurredOn, parentId: gyor.id }),
    );
    const singles = [
      recorded({ category: 'exchange-project', title: '单项一' }),
      recorded({ category: 'exchange-project', title: '单项二' }),
    ];

    const value = evaluateMeasure(measureOf(plan, 'exchange-projects'), plan, [gyor, ...parts, ...singles]);

    expect(value.actual).toBe(3);
    expect(value.activityIds).toHaveLength(6);
  });

  it('count-distinct-parents: parts whose project entry is not logged still count as one project', () => {
    const plan = planOf([defineMeasure('exchange-projects', 'count-distinct-parents', { category: 'exchange-project' })]);
    const parts = [1, 2].map((n) => recorded({ category: 'exchange-project', title: `俄罗斯城市项目 ${n}`, parentId: 'russia-project' }));

    expect(evaluateMeasure(measureOf(plan, 'exchange-projects'), plan, parts).actual).toBe(1);
  });

  it('sum of an attribute: investment information items add up to 16, withdrawn entries left out', () => {
    const plan = planOf([defineMeasure('investment-info', 'sum', { category: 'investment-info', attribute: 'items' })]);
    const entries = [5, 6, 5].map((items) =>
      recorded({ category: 'investment-info', title: `提供项目信息 ${items} 条`, attributes: { items } }),
    );
    const noFigure = recorded({ category: 'investment-info', title: '未填条数', attributes: {} });
    const wrong = recorded({ category: 'investment-info', title: '误录', attributes: { items: 9 } });
    const withdrawn = after(wrong, withdrawActivity(wrong, '误录'));

    const value = evaluateMeasure(measureOf(plan, 'investment-info'), plan, [...entries, noFigure, withdrawn]);

    expect(value.actual).toBe(16);
    expect(value.activityIds.sort()).toEqual(ids([...entries, noFigure]));
  });

  it('sum of an amount rounds to 万元 cents (0.1 + 0.2 is 0.3)', () => {
    const plan = planOf([defineMeasure('trip-cost', 'sum', { category: 'trip-abroad', attribute: 'cost', valueType: 'amount' })]);
    const trips = [0.1, 0.2].map((cost) => recorded({ category: 'trip-abroad', title: `出访 ${cost}`, attributes: { cost } }));

    expect(evaluateMeasure(measureOf(plan, 'trip-cost'), plan, trips).actual).toBe(0.3);
  });

  it('alsoCountsFor: one activity counts for two measures (subtlety 3)', () => {
    const plan = planOf([
      defineMeasure('major-events', 'count', { category: 'major-event' }),
      defineMeasure('investment-events', 'count', { category: 'investment-event' }),
    ]);
    const manchester = recorded({
      category: 'major-event',
      title: '武汉都市圈—大曼彻斯特经贸交流会',
      occurredOn: '2023-09-14',
      alsoCountsFor: ['investment-events'],
    });
    const plain = recorded({ category: 'major-event', title: '另一场重要外事活动' });

    expect(evaluateMeasure(measureOf(plan, 'major-events'), plan, [manchester, plain]).actual).toBe(2);
    expect(evaluateMeasure(measureOf(plan, 'investment-events'), plan, [manchester, plain])).toEqual({
      actual: 1,
      activityIds: [manchester.id],
    });
  });

  it('role does not exclude: co-organised (协办) and assisted (配合) events count (subtlety 4)', () => {
    const plan = planOf([defineMeasure('home-in-wuhan', 'count', { category: 'home-in-wuhan' })]);
    const roles = (['主办', '协办', '配合', '联合'] as const).map((role) =>
      recorded({ category: 'home-in-wuhan', title: `家在武汉 ${role}`, role }),
    );

    expect(evaluateMeasure(measureOf(plan, 'home-in-wuhan'), plan, roles).actual).toBe(4);
  });

  it('asOf: activities that happened after the date are not counted yet (inclusive of the day)', () => {
    const plan = planOf([defineMeasure('policy-briefings', 'count', { category: 'policy-briefing' })]);
    const briefings = ['2023-01-12', '2023-03-20', '2023-08-08'].map((occurredOn) =>
      recorded({ category: 'policy-briefing', title: `宣讲 ${occurredOn}`, occurredOn }),
    );
    const measure = measureOf(plan, 'policy-briefings');

    expect(evaluateMeasure(measure, plan, briefings, '2023-03-19').actual).toBe(1);
    expect(evaluateMeasure(measure, plan, briefings, '2023-03-20').actual).toBe(2);
    expect(evaluateMeasure(measure, plan, briefings).actual).toBe(3);
  });

  it('year boundary: the year is the calendar year of occurredOn (2024-01-01 and 2022-12-31 are not 2023)', () => {
    const plan = planOf([defineMeasure('major-events', 'count', { category: 'major-event' })]);
    const activities = ['2022-12-31', '2023-01-01', '2023-12-31', '2024-01-01'].map((occurredOn) =>
      recorded({ category: 'major-event', title: occurredOn, occurredOn }),
    );

    const value = evaluateMeasure(measureOf(plan, 'major-events'), plan, activities);

    expect(value.actual).toBe(2);
    expect(value.activityIds.sort()).toEqual(ids([activities[1], activities[2]]));
  });

  it('a withdrawn then restored activity counts again', () => {
    const plan = planOf([defineMeasure('major-events', 'count', { category: 'major-event' })]);
    const a = recorded({ category: 'major-event' });
    const withdrawn = after(a, withdrawActivity(a, '误录'));
    const restored = after(withdrawn, restoreActivity(withdrawn, null));

    expect(evaluateMeasure(measureOf(plan, 'major-events'), plan, [withdrawn]).actual).toBe(0);
    expect(evaluateMeasure(measureOf(plan, 'major-events'), plan, [restored]).actual).toBe(1);
  });

  describe('measured: the latest measurement up to asOf', () => {
    const plan = planOf([
      defineMeasure('followers', 'measured'),
      { kind: 'record-measurement', measure: 'followers', value: 600, measuredOn: '2023-06-30' },
      { kind: 'record-measurement', measure: 'followers', value: 1500, measuredOn: '2023-12-31' },
      { kind: 'record-measurement', measure: 'followers', value: 200, measuredOn: '2023-03-31' },
    ]);
    const measure = measureOf(plan, 'followers');

    it('with no date, then the latest by measuredOn (not by entry order)', () => {
      expect(evaluateMeasure(measure, plan, [])).toEqual({ actual: 1500, activityIds: [] });
    });

    it('as of a mid-year date, then the latest on or before it', () => {
      expect(evaluateMeasure(measure, plan, [], '2023-06-30').actual).toBe(600);
      expect(evaluateMeasure(measure, plan, [], '2023-06-29').actual).toBe(200);
    });

    it('before any measurement, then null (not 0)', () => {
      expect(evaluateMeasure(measure, plan, [], '2023-01-31').actual).toBeNull();
    });

    it('activities never count toward a measured figure', () => {
      const a = recorded({ alsoCountsFor: ['followers'] });
      expect(activitiesCountedBy(measure, [a], 2023)).toEqual([]);
    });
  });
});

describe('targetRatio / isMet', () => {
  it.each<['>=' | '<=', number, number | null, number | null, boolean | null]>([
    ['>=', 5, 5, 1, true],
    ['>=', 15, 18, 1, true],
    ['>=', 4, 1, 0.25, false],
    ['>=', 0, 0, 1, true],
    ['<=', 0, 0, 1, true],
    ['<=', 0, 2, 0, false],
    ['<=', 2, 4, 0.5, false],
    ['<=', 5, 3, 1, true],
    ['>=', 4, null, null, null],
  ])('%s %d with actual %p: ratio %p, met %p', (direction, target, actual, ratio, met) => {
    expect(targetRatio(direction, target, actual)).toBe(ratio);
    expect(isMet(direction, target, actual)).toBe(met);
  });
});

describe('computeProgress', () => {
  const base: PlanChange[] = [
    keyWork(1),
    departmentGoal(1),
    defineMeasure('major-events', 'count', { category: 'major-event', unit: '场' }),
    defineMeasure('complaint-rate', 'measured', { unit: '%', valueType: 'rate' }),
    target('kw1-major', 'major-events', '>=', 4),
    target('complaints', 'complaint-rate', '<=', 0, { kind: 'department-goal', goal: 1 }),
  ];
  const events = (dates: string[]) =>
    dates.map((occurredOn) => recorded({ category: 'major-event', title: `活动 ${occurredOn}`, occurredOn }));
  const targetOf = (progress: ReturnType<typeof computeProgress>, id: string): TargetProgress => {
    const found = progress.measures.flatMap((m) => m.targets).find((t) => t.targetId === id);
    if (!found) throw new Error(`no target ${id}`);
    return found;
  };

  it('given ≥4 and 4 activities, then met with ratio 1', () => {
    const progress = computeProgress(planOf(base), events(['2023-02-01', '2023-03-01', '2023-04-01', '2023-05-01']), {
      today: '2023-12-31',
    });

    expect(targetOf(progress, 'kw1-major')).toMatchObject({
      met: true,
      ratio: 1,
      lagging: false,
      target: 4,
      unit: '场',
      planLabel: '重点工作 1',
    });
    expect(progress.measures.find((m) => m.code === 'major-events')).toMatchObject({ actual: 4, activityCount: 4 });
  });

  it('given ≥4 and 3 activities at year end, then not met, ratio 0.75, lagging', () => {
    const progress = computeProgress(planOf(base), events(['2023-02-01', '2023-03-01', '2023-04-01']), { today: '2024-02-01' });

    expect(targetOf(progress, 'kw1-major')).toMatchObject({ met: false, ratio: 0.75, lagging: true });
    expect(progress.yearElapsed).toBe(1);
  });

  it('given ≤0 complaints and a measured 0, then met with ratio 1; measured targets have no pace', () => {
    const plan = planOf([...base, { kind: 'record-measurement', measure: 'complaint-rate', value: 0, measuredOn: '2023-12-31' }]);

    const t = targetOf(computeProgress(plan, [], { today: '2023-12-31' }), 'complaints');

    expect(t).toMatchObject({ direction: '<=', met: true, ratio: 1, expectedByNow: null, lagging: false, planLabel: '部门整体绩效目标 1' });
  });

  it('given ≤0 complaints and nothing measured, then met and ratio are unknown (null), lagging only after the year', () => {
    const plan = planOf(base);

    expect(targetOf(computeProgress(plan, [], { today: '2023-06-30' }), 'complaints')).toMatchObject({
      met: null,
      ratio: null,
      lagging: false,
    });
  });

  it('given ≤0 complaints and a measured 2, then not met, and lagging once the year is over', () => {
    const plan = planOf([...base, { kind: 'record-measurement', measure: 'complaint-rate', value: 2, measuredOn: '2023-06-30' }]);

    expect(targetOf(computeProgress(plan, [], { today: '2023-07-01' }), 'complaints')).toMatchObject({
      met: false,
      ratio: 0,
      lagging: false,
    });
    expect(targetOf(computeProgress(plan, [], { today: '2024-01-10' }), 'complaints')).toMatchObject({ met: false, lagging: true });
  });

  it('given a revised target, then progress uses the new value and shows the original', () => {
    const plan = planOf([...base, { kind: 'revise-target', targetId: 'kw1-major', value: 2, reason: '预算调整' }]);

    const t = targetOf(computeProgress(plan, events(['2023-02-01', '2023-03-01']), { today: '2023-12-31' }), 'kw1-major');

    expect(t).toMatchObject({ target: 2, original: 4, revised: true, met: true, ratio: 1 });
  });

  it('pace: target 4, today 2023-07-01, actual 1 → expected ≈ 2 by now, lagging', () => {
    const progress = computeProgress(planOf(base), events(['2023-03-01']), { today: '2023-07-01' });
    const t = targetOf(progress, 'kw1-major');

    expect(progress.referenceDate).toBe('2023-07-01');
    expect(progress.yearElapsed).toBeCloseTo(0.5, 2);
    // A countable measure's pace is a whole number of 场 (4 × 0.4986 = 1.99 → 2).
    expect(t.expectedByNow).toBe(2);
    expect(t).toMatchObject({ met: false, lagging: true });
    expect(progress).toMatchObject({ yearOver: false, paceLabel: '截至 2023-07-01' });
  });

  it('pace: a past year says so (全年已结束) and expects the whole target; an amount keeps its decimals', () => {
    const past = computeProgress(planOf(base), events(['2023-03-01']), { today: '2026-12-01' });
    expect(past).toMatchObject({ yearOver: true, paceLabel: '全年已结束', yearElapsed: 1 });
    expect(targetOf(past, 'kw1-major').expectedByNow).toBe(4);
    expect(computeProgress(planOf(base), [], { today: '2022-12-01' })).toMatchObject({ yearOver: false, paceLabel: '年度尚未开始' });
    expect(expectedPace({ kind: 'sum', valueType: 'amount' }, 10.55, 0.5)).toBe(5.28);
    expect(expectedPace({ kind: 'count', valueType: 'count' }, 5, 0.496)).toBe(2);
  });

  it('pace: target 4, today 2023-07-01, actual 2 → on pace, not lagging', () => {
    const t = targetOf(computeProgress(planOf(base), events(['2023-03-01', '2023-06-01']), { today: '2023-07-01' }), 'kw1-major');

    expect(t).toMatchObject({ met: false, lagging: false });
  });

  it('asOf: activities after the date are left out and the pace is taken at that date', () => {
    const activities = events(['2023-01-15', '2023-11-20', '2023-12-01', '2023-12-02']);

    const progress = computeProgress(planOf(base), activities, { asOf: '2023-03-31', today: '2023-12-31' });
    const t = targetOf(progress, 'kw1-major');

    expect(progress).toMatchObject({ asOf: '2023-03-31', referenceDate: '2023-03-31' });
    expect(progress.measures.find((m) => m.code === 'major-events')?.actual).toBe(1);
    expect(t.expectedByNow).toBe(Math.round(4 * (90 / 365)));
    expect(t.lagging).toBe(false);
  });

  it('targets from different plans on one measure are listed, key work before department goals', () => {
    const plan = planOf([...base, target('dg1-major', 'major-events', '>=', 5, { kind: 'department-goal', goal: 1 })]);

    const m = computeProgress(plan, events(['2023-02-01', '2023-03-01', '2023-04-01', '2023-05-01']), {
      today: '2023-12-31',
    }).measures.find((x) => x.code === 'major-events');

    expect(m?.targets.map((t) => [t.targetId, t.met])).toEqual([
      ['kw1-major', true],
      ['dg1-major', false],
    ]);
  });
});

describe('milestoneProgress', () => {
  const plan = planOf([
    keyWork(6, [
      { code: 'practice-base', title: '建立汉港澳青年实践基地' },
      { code: 'handbook', title: '编印政策宣讲手册' },
    ]),
  ]);

  it('given a milestone activity naming the code, then done on its date with its title as evidence', () => {
    const base = recorded({
      category: 'milestone',
      title: '汉港澳青年实践基地揭牌',
      occurredOn: '2023-02-20',
      attributes: { milestone: 'practice-base' },
    });

    const [practice, handbook] = milestoneProgress(plan, [base]);

    expect(practice).toEqual({
      keyWorkItem: 6,
      code: 'practice-base',
      title: '建立汉港澳青年实践基地',
      done: true,
      doneOn: '2023-02-20',
      evidence: ['汉港澳青年实践基地揭牌'],
      evidenceCount: 1,
    });
    expect(handbook).toMatchObject({ code: 'handbook', done: false, doneOn: null, evidence: [] });
  });

  it('given only non-milestone activities (even one carrying the code), then not done', () => {
    const briefing = recorded({ category: 'policy-briefing', title: '编印政策宣讲手册并宣讲', occurredOn: '2023-11-01' });
    const mislabelled: Activity = { ...briefing, attributes: { milestone: 'handbook' } };

    expect(milestoneProgress(plan, [briefing, mislabelled], undefined, CATALOG).find((m) => m.code === 'handbook')?.done).toBe(false);
  });

  it('takes milestone evidence from the categories the catalog declares `milestone: true`, whatever their code', () => {
    const milestone = (title: string, occurredOn: string) =>
      recorded({ category: 'milestone', title, occurredOn, attributes: { milestone: 'handbook' } });
    const deliverable: Activity = { ...milestone('手册印发', '2023-11-01'), category: 'deliverable' };
    const coded = milestone('手册（旧类别）', '2023-10-01');
    const catalog = [
      {
        code: 'deliverable',
        label: '成果交付',
        milestone: true,
        attributes: [{ name: 'milestone', label: '里程碑', type: 'text' as const }],
      },
      { code: 'milestone', label: '普通类别', attributes: [{ name: 'milestone', label: '备注', type: 'text' as const }] },
    ];
    expect(milestoneProgress(plan, [coded, deliverable], undefined, catalog).find((m) => m.code === 'handbook')).toMatchObject({
      done: true,
      doneOn: '2023-11-01',
      evidence: ['手册印发'],
    });
  });

  it('given a milestone activity of another code, another year, after asOf or withdrawn, then not done', () => {
    const other = recorded({ category: 'milestone', title: '别的成果', attributes: { milestone: 'other' } });
    const lastYear = recorded({
      category: 'milestone',
      title: '去年的手册',
      occurredOn: '2022-11-01',
      attributes: { milestone: 'handbook' },
    });
    const late = recorded({ category: 'milestone', title: '手册', occurredOn: '2023-11-01', attributes: { milestone: 'handbook' } });
    const wrong = recorded({ category: 'milestone', title: '误录手册', occurredOn: '2023-05-01', attributes: { milestone: 'handbook' } });
    const withdrawn = after(wrong, withdrawActivity(wrong, '误录'));

    const handbook = (asOf?: string, activities = [other, lastYear, late, withdrawn]) =>
      milestoneProgress(plan, activities, asOf).find((m) => m.code === 'handbook');

    expect(handbook('2023-10-31')?.done).toBe(false);
    expect(handbook()).toMatchObject({ done: true, doneOn: '2023-11-01', evidence: ['手册'] });
    expect(handbook(undefined, [other, lastYear, withdrawn])?.done).toBe(false);
  });

  it('given two milestone activities for one code, then done on the earliest', () => {
    const later = recorded({ category: 'milestone', title: '第二版', occurredOn: '2023-12-01', attributes: { milestone: 'handbook' } });
    const first = recorded({ category: 'milestone', title: '第一版', occurredOn: '2023-11-01', attributes: { milestone: 'handbook' } });

    expect(milestoneProgress(plan, [later, first]).find((m) => m.code === 'handbook')).toMatchObject({
      doneOn: '2023-11-01',
      evidence: ['第一版', '第二版'],
      evidenceCount: 2,
    });
  });

  it('given more milestone activities than a view shows, then the first few titles and how many there are', () => {
    const versions = Array.from({ length: MILESTONE_EVIDENCE_SHOWN + 3 }, (_, i) =>
      recorded({
        category: 'milestone',
        title: `第 ${i + 1} 版`,
        occurredOn: `2023-11-${String(i + 1).padStart(2, '0')}`,
        attributes: { milestone: 'handbook' },
      }),
    );
    const handbook = milestoneProgress(plan, versions.reverse()).find((m) => m.code === 'handbook')!;
    expect(handbook.evidenceCount).toBe(MILESTONE_EVIDENCE_SHOWN + 3);
    expect(handbook.evidence).toEqual(Array.from({ length: MILESTONE_EVIDENCE_SHOWN }, (_, i) => `第 ${i + 1} 版`));
  });

  it('computeProgress includes the milestones', () => {
    const base = recorded({ category: 'milestone', title: '基地', occurredOn: '2023-02-20', attributes: { milestone: 'practice-base' } });

    expect(computeProgress(plan, [base], { today: '2023-12-31' }).milestones.map((m) => [m.code, m.done])).toEqual([
      ['practice-base', true],
      ['handbook', false],
    ]);
  });
});

describe('ActivityIndex', () => {
  // A reference that scans every activity, as the counting rules read.
  const naiveMilestoneEvidence = (activities: Activity[], code: string, year: number, asOf?: string) =>
    activities
      .filter((a) => a.status === 'active' && a.category === 'milestone' && a.attributes.milestone === code)
      .filter((a) => a.occurredOn.startsWith(String(year)) && (asOf === undefined || a.occurredOn <= asOf))
      .sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.id < b.id ? -1 : 1))
      .map((a) => a.id);

  const plan = planOf([
    defineMeasure('events', 'count', { category: 'major-event' }),
    defineMeasure('with-a', 'count', { category: 'major-event', where: { counterpart: ['甲方'] } }),
    defineMeasure('projects', 'count-distinct-parents', { category: 'exchange-project' }),
    defineMeasure('participants', 'sum', { category: 'major-event', attribute: 'participants' }),
    keyWork(1, [
      { code: 'm1', title: '里程碑一' },
      { code: 'm2', title: '里程碑二' },
    ]),
  ]);
  const base = recorded();
  const arbitraryActivity = fc.record({
    category: fc.constantFrom('major-event', 'exchange-project', 'milestone', 'other'),
    day: fc.integer({ min: 0, max: 3 * 365 }),
    withdrawn: fc.boolean(),
    counterpart: fc.constantFrom('甲方', '乙方'),
    participants: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    milestone: fc.constantFrom('m1', 'm2', 'm3'),
    alsoCountsFor: fc.subarray(['events', 'with-a', 'projects', 'participants', 'unknown']),
    parent: fc.option(fc.nat(), { nil: undefined }),
  });

  it('finds what a scan of every activity finds, for every measure and milestone, in the same order', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryActivity, { maxLength: 60 }),
        fc.option(fc.constantFrom('2023-03-31', '2023-12-31'), { nil: undefined }),
        (specs, asOf) => {
          const activities: Activity[] = specs.map((s, i) => ({
            ...base,
            id: `a-${String(i).padStart(3, '0')}`,
            category: s.category,
            occurredOn: new Date(Date.UTC(2022, 0, 1 + s.day)).toISOString().slice(0, 10),
            status: s.withdrawn ? 'withdrawn' : 'active',
            attributes: {
              counterpart: s.counterpart,
              ...(s.participants === undefined ? {} : { participants: s.participants }),
              ...(s.category === 'milestone' ? { milestone: s.milestone } : {}),
            },
            alsoCountsFor: s.alsoCountsFor,
            parentId: s.parent !== undefined && s.parent < i ? `a-${String(s.parent).padStart(3, '0')}` : null,
          }));
          const index = new ActivityIndex(activities);
          for (const measure of plan.measures) {
            expect(evaluateMeasure(measure, plan, index, asOf)).toEqual(evaluateMeasure(measure, plan, activities, asOf));
            expect(activitiesCountedBy(measure, index.candidatesFor(measure), 2023, asOf)).toEqual(
              activitiesCountedBy(measure, activities, 2023, asOf),
            );
            expect(activitiesExcludedBy(measure, index.candidatesFor(measure), 2023, asOf)).toEqual(
              activitiesExcludedBy(measure, activities, 2023, asOf),
            );
          }
          for (const code of ['m1', 'm2', 'm3']) {
            expect(index.milestoneEvidence(code, 2023, asOf).map((a) => a.id)).toEqual(
              naiveMilestoneEvidence(activities, code, 2023, asOf),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
