import { describe, expect, it } from '@jest/globals';
import { withdrawActivity } from './activity';
import type { Measure, Plan, PlanChange } from './plan';
import { after, planOf, recorded } from '../../test/domain';
import fc from 'fast-check';
import { dataQualityWarnings, similarAtLeast, similarity, type DataQualityWarning, type WarningKind } from './warnings';

const defineMeasure = (code: string, kind: Measure['kind'], extra: Partial<Measure> = {}): PlanChange => ({
  kind: 'define-measure',
  measure: { code, name: code, unit: '', kind, category: null, where: {}, attribute: null, valueType: 'count', ...extra },
});
const ofKind = (warnings: DataQualityWarning[], kind: WarningKind) => warnings.filter((w) => w.kind === kind);

/** A plan with measures but no targets: only activity-level checks can fire. */
const quietPlan = (): Plan => planOf([defineMeasure('exchange-projects', 'count-distinct-parents', { category: 'exchange-project' })]);

describe('dataQualityWarnings: dates (domain.md subtlety 5)', () => {
  it('given “出席“2024 杰尔国际书展”” dated 2023-11-01 in the 2023 year, then a date-mismatch naming 2024', () => {
    const book = recorded({ category: 'exchange-project', title: '出席“2024 杰尔国际书展”', occurredOn: '2023-11-01' });

    const [warning] = ofKind(dataQualityWarnings(quietPlan(), [book]), 'date-mismatch');

    expect(warning).toMatchObject({ kind: 'date-mismatch', activityIds: [book.id], measure: null });
    expect(warning.message).toContain('2024');
    expect(warning.message).toContain('2023-11-01');
  });

  it('given a title mentioning an earlier year (开展 2022 年…总结), then no warning', () => {
    const summary = recorded({ category: 'exchange-project', title: '开展 2022 年友城交流工作总结', occurredOn: '2023-01-15' });

    expect(ofKind(dataQualityWarnings(quietPlan(), [summary]), 'date-mismatch')).toEqual([]);
  });

  it('given numbers that are not years (20241 人, 第 5 届), then no warning', () => {
    const a = recorded({ category: 'exchange-project', title: '服务 20241 人次的第 5 届交流活动', occurredOn: '2023-04-01' });

    expect(ofKind(dataQualityWarnings(quietPlan(), [a]), 'date-mismatch')).toEqual([]);
  });

  it('given the later-year title on a withdrawn activity, then nothing to warn about', () => {
    const book = recorded({ category: 'exchange-project', title: '出席“2024 杰尔国际书展”', occurredOn: '2023-11-01' });
    const withdrawn = after(book, withdrawActivity(book, '误录'));

    expect(ofKind(dataQualityWarnings(quietPlan(), [withdrawn]), 'date-mismatch')).toEqual([]);
  });

  it('given a part in another year than its project, then part-outside-year naming both', () => {
    const project = recorded({ category: 'exchange-project', title: '恩德培友城五周年系列活动', occurredOn: '2023-10-01' });
    const part = recorded({
      category: 'exchange-project',
      title: '恩德培友城五周年图片展',
      occurredOn: '2024-01-10',
      parentId: project.id,
    });

    const [warning] = ofKind(dataQualityWarnings(quietPlan(), [project, part]), 'part-outside-year');

    expect(warning.activityIds).toEqual([part.id, project.id]);
  });
});

describe('dataQualityWarnings: targets', () => {
  const changes: PlanChange[] = [
    { kind: 'set-key-work-item', item: { no: 3, matter: '友城', content: '新增友好城市 2 个', milestones: [] } },
    { kind: 'set-goal', goal: { scope: 'department', project: null, no: 1, text: '目标一', points: 40 } },
    defineMeasure('new-cities', 'count', { category: 'new-friendship-city', where: { level: ['municipal'] } }),
    defineMeasure('major-events', 'count', { category: 'major-event' }),
    defineMeasure('awareness-rate', 'measured', { valueType: 'rate' }),
    {
      kind: 'set-target',
      target: {
        id: 'kw3-cities',
        plan: { kind: 'key-work', item: 3 },
        measure: 'new-cities',
        direction: '>=',
        value: 2,
        unit: '个',
        labels: null,
      },
    },
    {
      kind: 'set-target',
      target: {
        id: 'dg1-cities',
        plan: { kind: 'department-goal', goal: 1 },
        measure: 'new-cities',
        direction: '>=',
        value: 1,
        unit: '个',
        labels: null,
      },
    },
    {
      kind: 'set-target',
      target: {
        id: 'kw3-events',
        plan: { kind: 'key-work', item: 3 },
        measure: 'major-events',
        direction: '>=',
        value: 5,
        unit: '场',
        labels: null,
      },
    },
    {
      kind: 'set-target',
      target: {
        id: 'dg1-events',
        plan: { kind: 'department-goal', goal: 1 },
        measure: 'major-events',
        direction: '>=',
        value: 5,
        unit: '场',
        labels: null,
      },
    },
    {
      kind: 'set-target',
      target: {
        id: 'dg1-awareness',
        plan: { kind: 'department-goal', goal: 1 },
        measure: 'awareness-rate',
        direction: '>=',
        value: 100,
        unit: '%',
        labels: null,
      },
    },
  ];
  const plan = planOf(changes);
  const city = (level: string) =>
    recorded({
      category: 'new-friendship-city',
      title: `新增友城 ${level}`,
      attributes: { city: 'c', country: 'x', relation: 'sister-city', level },
    });
  const event = () => recorded({ category: 'major-event', title: '重要外事活动' });

  it('given 2 in the key-work plan and 1 in the department goal, then conflicting-targets on that measure only (subtlety 6)', () => {
    const conflicts = ofKind(dataQualityWarnings(plan, [city('municipal'), event()]), 'conflicting-targets');

    expect(conflicts.map((w) => w.measure)).toEqual(['new-cities']);
    // Named by their plans, never by target ids.
    expect(conflicts[0].message).toContain('重点工作 3 ≥2');
    expect(conflicts[0].message).toContain('部门整体绩效目标 1 ≥1');
    expect(conflicts[0].message).not.toMatch(/kw3-cities|dg1-cities/);
  });

  it('given targets and nothing counted toward them, then target-without-activity for each such measure', () => {
    const empty = ofKind(dataQualityWarnings(plan, []), 'target-without-activity');

    expect(empty.map((w) => w.measure).sort()).toEqual(['awareness-rate', 'major-events', 'new-cities']);
  });

  it('given only activities the filter leaves out (a district relationship), then the target still has no activity', () => {
    const empty = ofKind(dataQualityWarnings(plan, [city('district'), event()]), 'target-without-activity');

    expect(empty.map((w) => w.measure).sort()).toEqual(['awareness-rate', 'new-cities']);
  });

  it('given a counted activity and a measurement, then no target-without-activity', () => {
    const measured = planOf([...changes, { kind: 'record-measurement', measure: 'awareness-rate', value: 100, measuredOn: '2023-12-31' }]);

    expect(ofKind(dataQualityWarnings(measured, [city('municipal'), event()]), 'target-without-activity')).toEqual([]);
  });

  it('given an activity naming a measure the year does not define, then unknown-measure', () => {
    const a = recorded({ category: 'major-event', alsoCountsFor: ['investment-events'] });

    const warnings = ofKind(dataQualityWarnings(plan, [a]), 'unknown-measure');
    expect(warnings).toEqual([expect.objectContaining({ measure: 'investment-events', activityIds: [a.id] })]);
    expect(warnings[0].message).not.toContain('investment-events');
  });
});

describe('dataQualityWarnings: likely duplicates', () => {
  it('given same category, same date and near-identical titles, then likely-duplicate on the pair', () => {
    const a = recorded({ category: 'exchange-project', title: '会见日本大阪府知事代表团一行', occurredOn: '2023-04-12' });
    const b = recorded({ category: 'exchange-project', title: '会见日本大阪府知事代表团一行人。', occurredOn: '2023-04-12' });

    expect(ofKind(dataQualityWarnings(quietPlan(), [a, b]), 'likely-duplicate')).toEqual([
      expect.objectContaining({ activityIds: [a.id, b.id] }),
    ]);
  });

  it('given the same titles on different dates or in different categories, then no duplicate', () => {
    const a = recorded({ category: 'exchange-project', title: '会见日本大阪府知事代表团一行', occurredOn: '2023-04-12' });
    const otherDay = recorded({ category: 'exchange-project', title: a.title, occurredOn: '2023-04-13' });
    const otherCategory = recorded({ category: 'major-event', title: a.title, occurredOn: '2023-04-12' });

    expect(ofKind(dataQualityWarnings(quietPlan(), [a, otherDay, otherCategory]), 'likely-duplicate')).toEqual([]);
  });

  it('given a project and its own part with the same title and date, then not a duplicate', () => {
    const project = recorded({ category: 'exchange-project', title: '武汉-杰尔友好交流活动', occurredOn: '2023-03-01' });
    const part = recorded({ category: 'exchange-project', title: '武汉-杰尔友好交流活动', occurredOn: '2023-03-01', parentId: project.id });

    expect(ofKind(dataQualityWarnings(quietPlan(), [project, part]), 'likely-duplicate')).toEqual([]);
  });

  it('given clearly different titles on the same day, then no duplicate', () => {
    const a = recorded({ category: 'exchange-project', title: '会见日本大阪府知事代表团', occurredOn: '2023-04-12' });
    const b = recorded({ category: 'exchange-project', title: '会见德国杜伊斯堡市长代表团', occurredOn: '2023-04-12' });

    expect(ofKind(dataQualityWarnings(quietPlan(), [a, b]), 'likely-duplicate')).toEqual([]);
  });

  it('given another department’s activity, then it is not checked', () => {
    const mine = recorded({ category: 'exchange-project', title: '出席“2024 杰尔国际书展”', occurredOn: '2023-11-01' });
    const theirs = { ...mine, id: 'other-1', department: 'other-dept' };

    expect(dataQualityWarnings(quietPlan(), [theirs])).toEqual([]);
  });
});

describe('similarity', () => {
  it.each<[string, string, number]>([
    ['abc', 'abc', 1],
    ['', '', 1],
    ['abcd', 'abce', 0.75],
    ['kitten', 'sitting', 4 / 7],
    ['abcdef', 'abcdefgh', 0],
    ['会见大阪代表团', '会见大坂代表团', 1 - 1 / 7],
  ])('similarity(%p, %p) = %p', (a, b, expected) => {
    expect(similarity(a, b)).toBeCloseTo(expected, 6);
  });

  it('is symmetric', () => {
    expect(similarity('交流活动一二三四五六七', '交流活动一二三四五六八')).toBeCloseTo(
      similarity('交流活动一二三四五六八', '交流活动一二三四五六七'),
      10,
    );
  });
});

describe('similarAtLeast', () => {
  // Titles from a small alphabet (Chinese, Latin, punctuation) so that near-duplicates are common.
  const title = fc.string({ unit: fc.constantFrom(...'交流活动会见代表团武汉英国ab1（）'.split('')), maxLength: 24 });

  it('answers exactly what similarity(a, b) >= min answers', () => {
    fc.assert(
      fc.property(title, title, fc.constantFrom(0.5, 0.7, 0.85, 0.9, 1), (a, b, min) => {
        expect(similarAtLeast(a, b, min)).toBe(similarity(a, b) >= min);
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees on near-duplicates of a real title', () => {
    const base = '举办“武汉都市圈-英国大曼彻斯特地区经贸合作交流会”';
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length), fc.constantFrom('', '会', 'x', '（')), { maxLength: 6 }), (edits) => {
        let other = base;
        for (const [at, put] of edits) other = other.slice(0, at) + put + other.slice(at + 1);
        expect(similarAtLeast(base, other, 0.85)).toBe(similarity(base, other) >= 0.85);
      }),
      { numRuns: 3000 },
    );
  });
});
