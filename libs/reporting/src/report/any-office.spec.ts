import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '@app/event-store';
import {
  computeProgress,
  decidePlanChange,
  emptyPlan,
  evolvePlan,
  sangongFigures,
  type Activity,
  type CategorySpec,
  type Plan,
  type PlanChange,
} from '@app/tracking';
import { activity } from '../../test/fixtures';
import ExcelJS from 'exceljs';
import { renderHtml } from '../render/html';
import { renderXlsx } from '../render/xlsx';
import { buildYearEndReport, type YearEndReport } from './build-report';

/** A made-up district 商务局 with a catalog of its own: no category of the foreign-affairs office. */
const DEPARTMENT = { code: 'qx-commerce', name: '某区商务局', officeLevel: '区直' };
const CATALOG: CategorySpec[] = [
  { code: 'investment-fair', label: '招商推介会', attributes: [{ name: 'companies', label: '参会企业数', type: 'integer' }] },
  { code: 'signed-deal', label: '签约项目', attributes: [] },
];

const measure = (code: string, category: string, name: string): PlanChange => ({
  kind: 'define-measure',
  measure: { code, name, unit: '场', kind: 'count', category, valueType: 'count' },
});
const indicator = (id: string, measureCode: string, value: number, points?: number): PlanChange => ({
  kind: 'set-target',
  target: {
    id,
    plan: { kind: 'department-goal', goal: 1 },
    measure: measureCode,
    direction: '>=',
    value,
    unit: '场',
    labels: { level1: '产出指标', level2: '数量指标', level3: measureCode === 'fairs' ? '举办招商推介会' : '新签约项目' },
    ...(points !== undefined ? { points } : {}),
  },
});

function planOf(changes: PlanChange[]): Plan {
  let plan = emptyPlan(DEPARTMENT.code, 2024);
  for (const change of changes) {
    for (const e of decidePlanChange(plan, change, CATALOG, { today: '2024-06-15' })) {
      const event = {
        ...e,
        streamVersion: plan.version + 1,
        recordedAt: new Date('2024-06-15T02:00:00Z'),
        metadata: { actor: 'reporter' },
      };
      plan = evolvePlan(plan, event as unknown as StoredEvent);
    }
  }
  return plan;
}

/** Six fairs (four planned) and no signed deal (two planned), all before July. */
const ACTIVITIES: Activity[] = [1, 2, 3, 4, 5, 6].map((n) =>
  activity(`fair-${n}`, 'investment-fair', `第 ${n} 场招商推介会`, `2024-0${n}-10`, { department: DEPARTMENT.code }),
);

function report(plan: Plan, asOf: string | null = null): YearEndReport {
  const progress = computeProgress(plan, ACTIVITIES, { asOf: asOf ?? '2024-12-31', today: '2025-01-15', catalog: CATALOG });
  return buildYearEndReport({
    department: DEPARTMENT,
    plan,
    progress,
    activities: ACTIVITIES,
    warnings: [],
    catalog: CATALOG,
    sangong: sangongFigures([], 2024, asOf ?? undefined),
    checkpoint: { transactionId: '1', position: 1 },
    asOf,
  });
}

const base: PlanChange[] = [
  measure('fairs', 'investment-fair', '举办招商推介会'),
  measure('deals', 'signed-deal', '新签约项目'),
  { kind: 'set-goal', goal: { scope: 'department', no: 1, text: '扩大招商引资', points: 40 } },
];

describe('indicator weights in the 整体绩效自评表', () => {
  it('6 of 4 events and 0 of 2 deals with weights 20/20 score 20, each indicator on its own (not 40)', () => {
    const goal = report(planOf([...base, indicator('dg-1-1', 'fairs', 4, 20), indicator('dg-1-2', 'deals', 2, 20)])).departmentEvaluation
      .goals[0];
    expect(goal.scoring).toBe('indicators');
    expect(goal.indicators.map((i) => [i.A.value, i.B.value, i.points, i.score])).toEqual([
      [4, 6, 20, 20],
      [2, 0, 20, 0],
    ]);
    expect(goal.computedScore).toBe(20);
    expect(goal.finalScore).toBe(20);
  });

  it('prints each indicator’s 分值 and 得分, and the goal’s score, in HTML and XLSX', async () => {
    const built = report(planOf([...base, indicator('dg-1-1', 'fairs', 4, 20), indicator('dg-1-2', 'deals', 2, 20)]));
    const page = renderHtml(built);
    for (const text of ['<th>分值</th>', '<th>得分</th>', '目标得分']) expect(page).toContain(text);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx(built)) as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    workbook.getWorksheet('整体绩效自评表')?.eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
    expect(cells).toEqual(expect.arrayContaining(['分值', '目标得分', '新签约项目']));
  });

  it('without weights the grouped rule stays: the same figures summed first score 40', () => {
    const goal = report(planOf([...base, indicator('dg-1-1', 'fairs', 4), indicator('dg-1-2', 'deals', 2)])).departmentEvaluation.goals[0];
    expect(goal.scoring).toBe('group');
    expect(goal.indicators.map((i) => i.score)).toEqual([null, null]);
    expect(goal.computedScore).toBe(40);
  });

  it('says when the weights do not add up to the goal’s points, and scores the unweighted rest on what is left', () => {
    const apart = report(planOf([...base, indicator('dg-1-1', 'fairs', 4, 10), indicator('dg-1-2', 'deals', 2, 20)])).departmentEvaluation;
    expect(apart.notes).toContain('年度绩效目标 1：各指标分值合计 30 分，与目标分值 40 分不一致');
    const mixed = report(planOf([...base, indicator('dg-1-1', 'fairs', 4, 30), indicator('dg-1-2', 'deals', 2)])).departmentEvaluation;
    expect(mixed.goals[0]).toMatchObject({ scoring: 'mixed', computedScore: 30 });
    expect(mixed.notes).toContain('年度绩效目标 1：1 项指标未设分值，共用其余 10 分，按汇总规则计分');
  });
});

describe('effective dates in the report', () => {
  const plan = planOf([
    ...base,
    indicator('dg-1-1', 'fairs', 4, 20),
    indicator('dg-1-2', 'deals', 2, 20),
    { kind: 'revise-target', targetId: 'dg-1-1', value: 8, reason: '下半年加大招商力度', effectiveFrom: '2024-07-01' },
    { kind: 'set-budget', scope: 'department', budget: { initial: 100, adjusted: 100, executed: 50 } },
    { kind: 'set-budget', scope: 'department', budget: { initial: 100, adjusted: 200, executed: 50 }, effectiveFrom: '2024-07-01' },
  ]);

  it('as of the day before a revision the earlier target and budget; as of its day the revised ones', () => {
    const before = report(plan, '2024-06-30').departmentEvaluation;
    const on = report(plan, '2024-07-01').departmentEvaluation;
    expect(before.goals[0].indicators[0]).toMatchObject({ A: { value: 4 }, original: null, score: 20 });
    expect(on.goals[0].indicators[0]).toMatchObject({ A: { value: 8 }, original: 4, score: 15 });
    expect([before.budget?.A, on.budget?.A]).toEqual([100, 200]);
    expect([before.budget?.score, on.budget?.score]).toEqual([10, 5]);
  });
});

describe('titles and fixed points come from the department and the plan', () => {
  it('prints the office level in the 项目自评表 title and the plan’s budget points', () => {
    const plan = planOf([
      ...base,
      { kind: 'define-project', project: { code: 'promotion', name: '招商推介经费' } },
      { kind: 'set-goal', goal: { scope: 'project', project: 'promotion', no: 1, text: '产出指标', points: 90 } },
      { kind: 'set-budget-points', points: 10 },
      { kind: 'set-budget', scope: 'project:promotion', budget: { initial: 50, adjusted: 50, executed: 50 } },
    ]);
    const built = report(plan);
    expect(built.header.officeLevel).toBe('区直');
    expect(built.projectEvaluations[0].budget).toMatchObject({ points: 10, score: 10 });
    const page = renderHtml(built);
    expect(page).toContain('2024 年度区直部门项目自评表');
    expect(page).not.toContain('市直部门项目自评表');
    expect(page).toContain('预算执行情况（万元）（10 分）');
    expect(page).toContain('得分（10 分*执行率）');
  });
});
