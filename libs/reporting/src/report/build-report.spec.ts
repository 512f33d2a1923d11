import { describe, expect, it } from '@jest/globals';
import { buildYearEndReport, ReportInputError, type KeyWorkRow, type YearEndReport } from './build-report';
import { sangongRecordOf } from '@app/tracking';
import { activity, fixtureReportInput, FIXTURE_DEPARTMENT } from '../../test/fixtures';
import { labels } from './labels';

const build = (options?: Parameters<typeof fixtureReportInput>[0]): YearEndReport => buildYearEndReport(fixtureReportInput(options));

/** A foreign reception batch of 10 persons on 2023-06-01 costing `fen` 分. */
const receptionRecord = (id: string, fen: number) =>
  sangongRecordOf(FIXTURE_DEPARTMENT.code, id, {
    kind: 'reception',
    year: 2023,
    receivedOn: '2023-06-01',
    visitingParty: '来访代表团',
    foreign: true,
    persons: 10,
    accompanying: 2,
    costs: { meals: fen, accommodation: 0, transport: 0, other: 0 },
    listRef: null,
    notes: null,
  });
const row = (report: YearEndReport, no: number): KeyWorkRow => {
  const found = report.keyWork.find((r) => r.no === no);
  if (!found) throw new Error(`no key-work row ${no}`);
  return found;
};

describe('buildYearEndReport: header and determinism', () => {
  it('carries department, year, as-of date and checkpoint, and no timestamp of its own', () => {
    const report = build();
    expect(report.format).toBe('year-end-report/v1');
    expect(report.header).toEqual({
      department: { code: 'test-fao', name: '测试市委外事工作委员会办公室' },
      officeLevel: '市直',
      year: 2023,
      asOf: null,
      checkpoint: { transactionId: '1234', position: 567 },
    });
    expect(JSON.stringify(report)).not.toMatch(/builtAt|generatedAt/);
  });

  it('is plain JSON: a JSON round trip changes nothing (no Date, no undefined, no class)', () => {
    const report = build();
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('gives the same bytes whatever order the activities come in', () => {
    const input = fixtureReportInput();
    const a = JSON.stringify(buildYearEndReport(input));
    const b = JSON.stringify(buildYearEndReport({ ...input, activities: [...input.activities].reverse() }));
    expect(b).toBe(a);
  });

  it('refuses inputs of another department or year', () => {
    const input = fixtureReportInput();
    expect(() => buildYearEndReport({ ...input, department: { code: 'other', name: '其他' } })).toThrow(ReportInputError);
    expect(() => buildYearEndReport({ ...input, progress: { ...input.progress, year: 2022 } })).toThrow(/2022/);
  });

  it('passes the data-quality warnings through as given', () => {
    const input = fixtureReportInput();
    const report = buildYearEndReport(input);
    // Each with its activities' titles and its measure's name, for the printed report.
    expect(report.warnings).toEqual(
      input.warnings.map((w) => ({
        ...w,
        activityTitles: w.activityIds.map((id) => input.activities.find((a) => a.id === id)!.title),
        measureName: w.measure === null ? null : (input.plan.measures.find((m) => m.code === w.measure)?.name ?? null),
      })),
    );
    // The Győr part dated 2023 but titled with the 2024 book fair is surfaced, not dropped.
    expect(report.warnings.some((w) => w.kind === 'date-mismatch' && w.activityIds.includes('exchange-gyor-2'))).toBe(true);
  });
});

describe('buildYearEndReport: 重点工作完成情况', () => {
  it('lists the items by 序号 with 重要事项 and 工作内容及目标', () => {
    const report = build();
    expect(report.keyWork.map((r) => r.no)).toEqual([1, 2, 3, 4]);
    expect(row(report, 1).matter).toBe('举办重要外事活动 5 场以上');
    expect(row(report, 2).content).toContain('瑞士');
  });

  it('marks an item 未完成 with what is missing: 重要外事活动 3/5', () => {
    const item = row(build(), 1);
    expect(item.verdict).toBe(labels.notDone);
    expect(item.missing).toEqual(['重要外事活动 3/5']);
    expect(item.targets).toEqual([
      expect.objectContaining({ measure: 'major-events', name: '重要外事活动', direction: '>=', target: 5, actual: 3, met: false }),
    ]);
    // Withdrawn and previous-year activities are not listed; an assisted (配合) one counts.
    expect(item.activities.map((a) => a.id)).toEqual(['major-1', 'major-2', 'major-3']);
    expect(item.activities.every((a) => a.counted)).toBe(true);
    expect(item.activities[1]).toMatchObject({ role: '配合', occurredOn: '2023-03-01', countedFor: ['major-events'] });
  });

  it('counts a project once and lists the project, not its parts', () => {
    const item = row(build(), 2);
    expect(item.verdict).toBe('完成');
    expect(item.missing).toEqual([]);
    expect(item.targets[0]).toMatchObject({ target: 2, actual: 2, met: true });
    expect(item.activities.map((a) => [a.id, a.parts])).toEqual([
      ['exchange-gyor', 2],
      ['exchange-swiss', 0],
    ]);
  });

  it('shows the 4 agreements of which 2 count, the other 2 marked not counted with the reason', () => {
    const item = row(build(), 3);
    expect(item.verdict).toBe('完成');
    expect(item.targets[0]).toMatchObject({ measure: 'new-cities', target: 2, actual: 2, met: true });
    expect(item.activities.map((a) => [a.id, a.counted])).toEqual([
      ['city-ramallah', true],
      ['city-soroca', true],
      ['city-asti', false],
      ['city-erdenet', false],
    ]);
    const byId = Object.fromEntries(item.activities.map((a) => [a.id, a]));
    expect(byId['city-erdenet']).toMatchObject({
      excludedFrom: ['new-cities'],
      excludedBecause: '关系类型：友好合作备忘录',
      countedFor: [],
    });
    expect(byId['city-asti'].excludedBecause).toBe('缔结层级：区级');
    expect(byId['city-ramallah'].excludedBecause).toBeNull();
  });

  it('is 未完成 while a milestone is not done, and lists the evidence of the done one', () => {
    const item = row(build(), 4);
    expect(item.verdict).toBe('未完成');
    expect(item.milestones).toEqual([
      { code: 'hk-youth-base', title: '建立创业实践基地', done: false, doneOn: null },
      { code: 'policy-handbook', title: '编发《出国来华管理工作参考手册》', done: true, doneOn: '2023-11-01' },
    ]);
    expect(item.missing).toEqual(['里程碑：建立创业实践基地']);
    expect(item.activities).toEqual([expect.objectContaining({ id: 'ms-handbook', counted: true, milestones: ['policy-handbook'] })]);
  });

  it('becomes 完成 once the missing events and the milestone are logged', () => {
    const report = build({
      activities: (list) => [
        ...list,
        activity('major-4', 'major-event', '配合举办湖北—美国中部市长圆桌会活动', '2023-10-01', { role: '配合' }),
        activity('major-5', 'major-event', '专题宣介会', '2023-05-01'),
        activity('ms-base', 'milestone', '建立创业实践基地', '2023-02-01', { attributes: { milestone: 'hk-youth-base' } }),
      ],
    });
    expect(report.keyWork.map((r) => r.verdict)).toEqual(['完成', '完成', '完成', '完成']);
  });

  it('counts only what had happened by the as-of date', () => {
    const report = build({ asOf: '2023-06-30' });
    expect(report.header.asOf).toBe('2023-06-30');
    expect(row(report, 1).missing).toEqual(['重要外事活动 2/5']);
    expect(row(report, 4).missing).toEqual(['里程碑：建立创业实践基地', '里程碑：编发《出国来华管理工作参考手册》']);
    expect(row(report, 2).activities.find((a) => a.id === 'exchange-gyor')?.parts).toBe(1);
  });

  it('does not pass an item with neither target nor milestone as 完成', () => {
    const report = build({
      plan: (p) => ({
        ...p,
        keyWork: [...p.keyWork, { no: 5, matter: '推进国际交往中心建设', content: '统筹落实实施方案', milestones: [] }],
      }),
    });
    expect(row(report, 5).verdict).toBe('未完成');
    expect(row(report, 5).missing).toHaveLength(1);
  });
});

describe('buildYearEndReport: 整体绩效自评表', () => {
  it('scores budget execution 20 × 执行率', () => {
    const { budget } = build().departmentEvaluation;
    expect(budget).toEqual({ A: 2486.85, B: 2486.85, rate: 1, score: 20, points: 20 });
  });

  it('computes each goal, applies its recorded deduction (not withdrawn ones) and totals', () => {
    const evaluation = build().departmentEvaluation;
    expect(evaluation.goals.map((g) => [g.no, g.points, g.computedScore, g.finalScore])).toEqual([
      [1, 40, 40, 38],
      [2, 40, 40, 40],
    ]);
    expect(evaluation.goals[0].deductions).toEqual([{ id: 'adj-dg1', points: 2, reason: '指标体系覆盖不够全面，知晓率未附测评过程。' }]);
    expect(evaluation.goals[1].deductions).toEqual([]);
    expect(evaluation.total).toBe(98);
    expect(evaluation.deviationAnalysis).toBe('年度绩效目标已全部达到或超额完成。');
    expect(evaluation.notes).toEqual([]);
  });

  it('shows each indicator with its levels, A and B as printed and as numbers', () => {
    const [goal1, goal2] = build().departmentEvaluation.goals;
    expect(goal1.indicators[1]).toEqual({
      targetId: 'dg1-new-cities',
      measure: 'new-cities',
      level1: '效益指标',
      level2: '社会效益指标',
      level3: '新增友好交流城市',
      A: { value: 1, unit: '个', text: '1个' },
      B: { value: 2, unit: '个', text: '2个' },
      direction: '>=',
      valueType: 'count',
      met: true,
      original: null,
      points: null,
      score: null,
      carriedOver: false,
    });
    expect(goal2.indicators.map((i) => [i.A.text, i.B.text, i.valueType, i.direction])).toEqual([
      ['100%', '100%', 'rate', '>='],
      ['0', '0', 'rate', '<='],
    ]);
  });

  it('lowers the score of a goal whose indicators fall short', () => {
    const evaluation = build({
      plan: (p) => ({ ...p, targets: p.targets.map((t) => (t.id === 'dg1-new-cities' ? { ...t, value: 5 } : t)) }),
    }).departmentEvaluation;
    // absolute figures add up first: (3 + 2) / (3 + 5) × 40 = 25, minus 2.
    expect(evaluation.goals[0].computedScore).toBe(25);
    expect(evaluation.goals[0].finalScore).toBe(23);
    expect(evaluation.total).toBe(83);
  });

  it('notes a goal without indicators and a missing budget instead of inventing scores', () => {
    const evaluation = build({
      plan: (p) => ({
        ...p,
        goals: [...p.goals, { scope: 'department', project: null, no: 3, text: '定性目标', points: 20 }],
        budgets: { ...p.budgets, department: null },
      }),
    }).departmentEvaluation;
    expect(evaluation.budget).toBeNull();
    expect(evaluation.goals[2]).toMatchObject({ no: 3, computedScore: null, finalScore: 0, indicators: [] });
    expect(evaluation.total).toBe(78);
    expect(evaluation.notes).toHaveLength(2);
  });
});

describe('buildYearEndReport: 项目自评表', () => {
  it('evaluates each project with its own budget, goals and deductions', () => {
    const [fx, admin] = build().projectEvaluations;
    expect(fx.project).toEqual({ code: 'foreign-exchange', name: '对外交往业务支出' });
    expect(fx.budget).toEqual({ A: 433.72, B: 433.72, rate: 1, score: 20, points: 20 });
    expect(fx.goals.map((g) => [g.text, g.computedScore, g.finalScore])).toEqual([
      ['产出指标', 60, 56],
      ['效益指标', 10, 10],
      ['满意度指标', 10, 10],
    ]);
    expect(fx.total).toBe(96);
    expect(fx.goals[0].deductions.map((d) => d.points)).toEqual([4]);
    expect(fx.deviationAnalysis).toBe('预算执行为 100.00%。');

    expect(admin.project.name).toBe('行政管理支出');
    expect(admin.budget).toEqual({ A: 17.81, B: 16.03, rate: 0.900056, score: 18, points: 20 });
    expect(admin.goals[0]).toMatchObject({ computedScore: 26.67, finalScore: 26.67, deductions: [] });
    expect(admin.total).toBe(44.67);
    expect(admin.deviationAnalysis).toBeNull();
  });
});

describe('buildYearEndReport: "三公"经费支出决算表', () => {
  it('reproduces the 2023 row (23.88) with the counts of the narrative', () => {
    const { sangong } = build();
    expect(sangong.columns.map((c) => c.value)).toEqual([23.88, 10.55, 3.91, 0, 3.91, 9.42, 23.88, 10.55, 3.91, 0, 3.91, 9.42]);
    expect(sangong.columns.map((c) => c.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(sangong.columns[0]).toEqual({ no: 1, half: 'budget', line: 'total', label: '合计', value: 23.88 });
    expect(sangong.columns[6]).toMatchObject({ half: 'actual', line: 'total' });
    expect(sangong.actual.total).toBe(23.88);
    expect(sangong.counts).toEqual({
      tripsAbroad: { groups: 3, persons: 4 },
      receptions: { groups: 38, persons: 386, foreignGroups: 31, foreignPersons: 327 },
      vehiclesHeld: 5,
    });
    expect(Object.values(sangong.overspent).some(Boolean)).toBe(false);
    expect(sangong.checks).toEqual([]);
    expect(sangong.missing).toEqual([]);
    expect(sangong.sources.receptions).toEqual({ records: 0, summaries: 1 });
  });

  it('sums the 三公 records: a reception batch added to the summary flags the line and the total', () => {
    const { sangong } = build({ sangong: (records) => [...records, receptionRecord('extra', 180_000)] });
    expect(sangong.actual.total).toBe(24.06);
    expect(sangong.overspent).toEqual({
      total: true,
      tripsAbroad: false,
      vehicles: false,
      vehiclePurchase: false,
      vehicleRunning: false,
      receptions: true,
    });
  });

  it('shows lines without a budget as 0 and says which; lines without records spend 0', () => {
    const { sangong } = build({
      plan: (p) => ({ ...p, sangong: { receptions: p.sangong.receptions } }),
      sangong: (records) => records.filter((r) => r.footprint.line === 'receptions'),
    });
    expect(sangong.missing).toEqual(['tripsAbroad', 'vehiclePurchase', 'vehicleRunning']);
    expect(sangong.actual.total).toBe(9.42);
    expect(sangong.counts.tripsAbroad).toEqual({ groups: 0, persons: 0 });
    expect(sangong.counts.vehiclesHeld).toBeNull();
  });

  it('counts as of the report’s date: the year’s summary records count from 31 December only', () => {
    const { sangong } = build({ asOf: '2023-06-30', sangong: (records) => [...records, receptionRecord('june', 123_456)] });
    expect(sangong.actual.receptions).toBe(0.12);
    expect(sangong.actual.tripsAbroad).toBe(0);
    expect(sangong.counts.receptions).toEqual({ groups: 1, persons: 10, foreignGroups: 1, foreignPersons: 10 });
    expect(sangong.sources.receptions).toEqual({ records: 1, summaries: 0 });
  });
});
