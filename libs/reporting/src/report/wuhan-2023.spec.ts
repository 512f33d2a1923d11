import { describe, expect, it } from '@jest/globals';
import { report2023 } from '../../test/fixtures-2023';

describe("year-end report of the office's 2023 dataset", () => {
  const report = report2023();

  it('marks all ten key-work items 完成, counting 2 of the 4 agreements and 18 projects', () => {
    expect(report.keyWork.map((r) => [r.no, r.verdict, r.missing])).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, '完成', []]));
    const cities = report.keyWork[2];
    expect(cities.targets[0]).toMatchObject({ actual: 2, target: 2 });
    expect(cities.activities.map((a) => a.counted)).toEqual([true, true, false, false]);
    const projects = report.keyWork[1];
    expect(projects.targets[0].actual).toBe(18);
    expect(projects.activities.filter((a) => a.counted)).toHaveLength(18);
  });

  it('scores the department 20 + 38 + 38 = 96', () => {
    const d = report.departmentEvaluation;
    expect(d.budget).toMatchObject({ A: 2486.85, B: 2486.85, rate: 1, score: 20 });
    expect(d.goals.map((g) => [g.computedScore, g.finalScore])).toEqual([
      [40, 38],
      [40, 38],
    ]);
    expect(d.total).toBe(96);
    expect(d.goals[0].indicators.map((i) => [i.level3, i.A.text, i.B.text])).toEqual([
      ['外籍人士“家在武汉”工程活动', '4场', '6场'],
      ['举办重要外事活动', '5场', '5场'],
      ['新增友好交流城市', '1个', '2个'],
      ['重点对外交流项目', '15个', '18个'],
    ]);
  });

  it('scores both projects 96: 56 + 10 + 10 + 20 and 38 + 38 + 20', () => {
    const [fx, admin] = report.projectEvaluations;
    expect(fx.project.name).toBe('对外交往业务支出');
    expect(fx.goals.map((g) => g.finalScore)).toEqual([56, 10, 10]);
    expect(fx.total).toBe(96);
    expect(admin.project.name).toBe('行政管理支出');
    expect(admin.goals.map((g) => g.finalScore)).toEqual([38, 38]);
    expect(admin.total).toBe(96);
  });

  it('reproduces the 09 表 row and surfaces the 2024 book-fair slip', () => {
    expect(report.sangong.columns.map((c) => c.value)).toEqual([23.88, 10.55, 3.91, 0, 3.91, 9.42, 23.88, 10.55, 3.91, 0, 3.91, 9.42]);
    expect(report.sangong.counts.receptions).toEqual({ groups: 38, persons: 386, foreignGroups: 31, foreignPersons: 327 });
    expect(report.warnings.some((w) => w.kind === 'date-mismatch' && w.message.includes('2024 杰尔国际书展'))).toBe(true);
  });
});
