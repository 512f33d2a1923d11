import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { amendActivity, type Activity } from './activity';
import { dayIn, daysBetween } from './dates';
import { DEFAULT_DEPARTMENT_SETTINGS, type DepartmentSettings } from './department';
import type { PlanChange } from './plan';
import { computeProgress } from './progress';
import { after, CATALOG, planOf, recorded } from '../../test/domain';
import { yearEndWarnings } from './year-end-warnings';

const DAY = 86_400_000;

const changes: PlanChange[] = [
  { kind: 'set-key-work-item', item: { no: 1, matter: '外事活动', content: '举办重要外事活动 5 场以上', milestones: [] } },
  { kind: 'define-project', project: { code: 'fx-exchange', name: '对外交往业务支出' } },
  {
    kind: 'define-measure',
    measure: { code: 'major-events', name: '重要外事活动', unit: '场', kind: 'count', category: 'major-event', valueType: 'count' },
  },
  {
    kind: 'set-target',
    target: { id: 'kw-1-major', plan: { kind: 'key-work', item: 1 }, measure: 'major-events', direction: '>=', value: 5 },
  },
  { kind: 'set-goal', goal: { scope: 'project', project: 'fx-exchange', no: 1, text: '产出', points: 50 } },
  {
    kind: 'set-target',
    target: {
      id: 'pg-fx-1-major',
      plan: { kind: 'project-goal', project: 'fx-exchange', goal: 1 },
      measure: 'major-events',
      direction: '>=',
      value: 3,
    },
  },
];
const plan = planOf(changes);
const events = (n: number) => Array.from({ length: n }, (_, i) => recorded({ title: `重要外事活动 ${i}`, occurredOn: '2023-03-01' }));
const warningsAt = (activities: Activity[], today: string, extra: PlanChange[] = []) => {
  const p = planOf([...changes, ...extra]);
  return yearEndWarnings(p, activities, { progress: computeProgress(p, activities, { today }) });
};

describe('yearEndWarnings: targets without a deviation analysis', () => {
  it('names each target 未完成 at the year end by its plan and measure, never by its id', () => {
    const found = warningsAt(events(2), '2024-01-15').filter((w) => w.kind === 'missing-deviation-analysis');
    expect(found.map((w) => w.message)).toEqual([
      '重点工作 1：目标“重要外事活动”未完成，部门尚未填写偏差分析（偏差大或目标未完成原因分析）',
      '项目绩效目标 对外交往业务支出 1：目标“重要外事活动”未完成，项目“对外交往业务支出”尚未填写偏差分析（偏差大或目标未完成原因分析）',
    ]);
    for (const w of found) expect(w.message).not.toMatch(/kw-1-major|pg-fx-1-major|fx-exchange/);
  });

  it('says 滞后 during the year, and nothing once the analysis of that scope is written or the target is met', () => {
    const lagging = warningsAt(events(1), '2023-09-30').filter((w) => w.kind === 'missing-deviation-analysis');
    expect(lagging.map((w) => w.message)).toEqual([
      expect.stringContaining('“重要外事活动”滞后于时间进度'),
      expect.stringContaining('“重要外事活动”滞后于时间进度'),
    ]);
    const explained = warningsAt(events(2), '2024-01-15', [
      { kind: 'set-deviation-analysis', scope: 'department', text: '受外部因素影响' },
    ]);
    expect(explained.filter((w) => w.kind === 'missing-deviation-analysis').map((w) => w.message)).toEqual([
      expect.stringContaining('项目“对外交往业务支出”'),
    ]);
    expect(warningsAt(events(5), '2024-01-15').filter((w) => w.kind === 'missing-deviation-analysis')).toEqual([]);
  });
});

describe('yearEndWarnings: late entries', () => {
  const progress = computeProgress(plan, [], { today: '2023-12-31' });
  const late = (activity: Activity, settings: Partial<DepartmentSettings> = {}) =>
    yearEndWarnings(plan, [activity], { progress, settings: { ...DEFAULT_DEPARTMENT_SETTINGS, ...settings } }).filter(
      (w) => w.kind === 'late-entry',
    );

  it('warns of an activity recorded more than the department’s days after it happened, the day taken in its time zone', () => {
    // 2023-04-10 17:00 UTC is already the 11th in Shanghai: 31 days after 2023-03-11.
    const a = recorded({ title: '迟到的登记', occurredOn: '2023-03-11' }, { recordedAt: '2023-04-10T17:00:00Z' });
    expect(late(a).map((w) => w.message)).toEqual([
      '“迟到的登记”发生于 2023-03-11，2023-04-11 才登记（晚 31 天，超过 30 天）：如属补录，请在记录中标明“补录”',
    ]);
    expect(late(a, { timeZone: 'UTC' })).toEqual([]);
    expect(late(a, { lateEntryDays: 31 })).toEqual([]);
  });

  it('finds the same late entries as the day in the zone would, for any zone, threshold and time of recording', () => {
    const zones = [
      'Asia/Shanghai',
      'UTC',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'America/St_Johns',
      'Asia/Kathmandu',
      'Europe/Berlin',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: -2 * DAY, max: 70 * DAY }),
        (timeZone, lateEntryDays, dayOfYear, afterMs) => {
          const occurredOn = new Date(Date.UTC(2023, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
          const recordedAt = new Date(Date.UTC(2023, 0, 1 + dayOfYear) + afterMs).toISOString();
          const expected = daysBetween(occurredOn, dayIn(timeZone, new Date(recordedAt))) > lateEntryDays;
          const a = recorded({ title: '登记', occurredOn }, { recordedAt });
          return (late(a, { timeZone, lateEntryDays }).length === 1) === expected;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('exempts records marked 补录 and imports', () => {
    const backfill = recorded({ occurredOn: '2023-01-02', backfill: true }, { recordedAt: '2023-11-01T00:00:00Z' });
    const imported = { ...recorded({ occurredOn: '2023-01-02' }, { recordedAt: '2023-11-01T00:00:00Z' }), imported: true };
    expect(backfill.backfill).toBe(true);
    expect([...late(backfill), ...late(imported)]).toEqual([]);
  });
});

describe('yearEndWarnings: records moved out of the year', () => {
  it('warns the year a record left, naming the day it had and the day it has', () => {
    const a = recorded({ title: '友城图片展', occurredOn: '2023-12-20' });
    const moved = after(a, amendActivity(a, { occurredOn: '2024-01-05' }, CATALOG, { moveToYear: true }));
    expect(moved.movedOutOf).toEqual([{ year: 2023, from: '2023-12-20', to: '2024-01-05', at: expect.any(String) }]);
    const progress = computeProgress(plan, [], { today: '2024-01-10' });
    const movedOut = (activity: Activity) =>
      yearEndWarnings(plan, [], { progress, movedOut: [activity] }).filter((w) => w.kind === 'moved-out-of-year');
    expect(movedOut(moved)).toEqual([
      {
        kind: 'moved-out-of-year',
        message: '“友城图片展”原记为 2023-12-20，日期已改为 2024-01-05：记录已移出本年度，不再计入 2023 年度的统计',
        activityIds: [a.id],
        measure: null,
      },
    ]);
    // Moved back: nothing to say.
    const back = after(moved, amendActivity(moved, { occurredOn: '2023-12-21' }, CATALOG, { moveToYear: true }));
    expect(movedOut(back)).toEqual([]);
  });
});
