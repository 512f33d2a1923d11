import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StoredEvent } from '../../../event-store/src/types';
import type { Activity } from '../../../tracking/src/domain/activity';
import { FOREIGN_AFFAIRS_OFFICE_CATALOG } from '../../../tracking/src/domain/catalog';
import { decidePlanChange, emptyPlan, evolvePlan, type Plan } from '../../../tracking/src/domain/plan';
import { computeProgress } from '../../../tracking/src/domain/progress';
import { dataQualityWarnings } from '../../../tracking/src/domain/warnings';
import { parseDataset } from '../../../tracking/src/import/dataset';
import { planChanges } from '../../../tracking/src/import/importer';
import { buildYearEndReport, type YearEndReport } from './build-report';

/**
 * The office's 2023 year (datasets/wuhan-fao-2023.yaml) built in memory, without a database:
 * the report must reproduce what the seed publishes.
 */
/** The dataset, looked up from the working directory upwards (tests run from the repository root). */
function datasetFile(): string {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const file = join(dir, 'datasets/wuhan-fao-2023.yaml');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) throw new Error('datasets/wuhan-fao-2023.yaml not found above the working directory');
  }
}

function report2023(): YearEndReport {
  const dataset = parseDataset(readFileSync(datasetFile(), 'utf8'));
  const code = dataset.department.code;
  let plan: Plan = emptyPlan(code, dataset.year);
  let version = 0;
  const apply = (change: Parameters<typeof decidePlanChange>[1]) => {
    for (const e of decidePlanChange(plan, change, FOREIGN_AFFAIRS_OFFICE_CATALOG)) {
      const stored: StoredEvent = {
        globalPosition: ++version,
        streamId: `plan-${code}-${dataset.year}`,
        streamVersion: version,
        tenant: code,
        type: e.type,
        data: e.data,
        metadata: { actor: 'import' },
        recordedAt: new Date(Date.UTC(2024, 0, 2)),
        transactionId: '1',
      };
      plan = evolvePlan(plan, stored);
    }
  };
  for (const change of planChanges(dataset)) apply(change);
  for (const m of dataset.measurements) apply({ kind: 'record-measurement', ...m, note: m.note ?? null });

  const activities: Activity[] = dataset.activities.map((a) => ({
    id: a.key,
    department: code,
    category: a.category,
    title: a.title,
    occurredOn: a.occurredOn,
    role: a.role,
    attributes: a.attributes ?? {},
    parentId: a.parent ?? null,
    alsoCountsFor: a.alsoCountsFor ?? [],
    notes: a.notes ?? null,
    status: 'active',
    withdrawnReason: null,
    version: 1,
    recordedAt: '2024-01-02T00:00:00.000Z',
    recordedBy: 'import',
    updatedAt: '2024-01-02T00:00:00.000Z',
  }));
  return buildYearEndReport({
    department: dataset.department,
    plan,
    progress: computeProgress(plan, activities, { asOf: '2023-12-31', today: '2024-06-28' }),
    activities,
    warnings: dataQualityWarnings(plan, activities),
    checkpoint: { transactionId: '1', position: version },
    asOf: null,
  });
}

describe('year-end report of the office\'s 2023 dataset', () => {
  const report = report2023();

  it('marks all ten key-work items 完成, counting 2 of the 4 agreements and 18 projects', () => {
    expect(report.keyWork.map((r) => [r.no, r.verdict, r.missing])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, '完成', []]),
    );
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
