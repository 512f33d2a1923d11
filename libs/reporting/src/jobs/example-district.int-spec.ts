import { BackendTestModule, testModule, createTestDatabase, type TestDatabase } from '@app/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestingModule } from '@nestjs/testing';
import { Pool } from 'pg';
import { EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import { DatasetImporter, parseDataset, readCatalogSync, Streams, TRACKING_PROJECTIONS, TrackingQueries } from '@app/tracking';
import type { YearEndReport } from '../report/build-report';
import { renderHtml } from '../render/html';
import { ReportBuilder } from './report-builder.service';
import { ReportStore } from './report-store';

/**
 * A made-up department with a catalog of its own (datasets/example-district-2024.yaml: a district
 * 商务局, no category of the foreign-affairs office) imported and reported in the same model.
 */
const DATASET = parseDataset(readFileSync(join(process.cwd(), 'datasets/example-district-2024.yaml'), 'utf8'));
const CODE = 'qx-commerce';

let db: TestDatabase;
let app: TestingModule;
let runner: ProjectionRunner;

async function build(asOf: string | null): Promise<YearEndReport> {
  const store = app.get(ReportStore);
  const id = await app.get(ReportBuilder).build({ department: CODE, year: 2024, asOf, tenantPosition: await store.tenantHead(CODE) });
  return (await store.get(CODE, id))!.report as YearEndReport;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await testModule([BackendTestModule], db).compile();
  await app.init();
  runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
  await app.get(DatasetImporter).import(DATASET);
  await catchUpProjections(app.get(Pool), runner);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('a district 商务局 with its own catalog, imported from datasets/example-district-2024.yaml', () => {
  it('has only its own categories, none of the foreign-affairs office’s, and its office level', async () => {
    const department = (await app.get(Streams).department(CODE))!;
    const office = new Set(readCatalogSync('foreign-affairs-office').categories.map((c) => c.code));
    expect(department.adopted).toBeNull();
    expect(department.catalog.map((c) => c.code)).toEqual([
      'investment-fair',
      'signed-deal',
      'enterprise-visit',
      'consumption-campaign',
      'deliverable',
    ]);
    expect(department.catalog.some((c) => office.has(c.code))).toBe(false);
    expect(department.settings?.officeLevel).toBe('区直');
  });

  it('counts by its categories’ properties: a campaign of parts once, the milestone from its deliverable category', async () => {
    const view = await app.get(TrackingQueries).progress(CODE, 2024);
    const actual = (code: string) => view.measures.find((m) => m.code === code)?.actual;
    expect(['fairs', 'district-deals', 'visited-companies', 'campaigns', 'business-satisfaction'].map(actual)).toEqual([6, 1, 315, 2, 96]);
    expect(view.milestones).toMatchObject([{ code: 'consumption-measures', done: true, doneOn: '2024-02-26' }]);
  });

  it('reports the year: weighted indicators scored one by one, the revised target and adjusted budget in force', async () => {
    const report = await build(null);
    expect(report.keyWork.map((row) => row.verdict)).toEqual(['完成', '完成']);
    const evaluation = report.departmentEvaluation;
    expect(evaluation.budget).toMatchObject({ A: 900, B: 760, score: 16.89, points: 20 });
    const [goal1, goal2] = evaluation.goals;
    expect(goal1.scoring).toBe('indicators');
    expect(goal1.indicators.map((i) => [i.level3, i.A.value, i.B.value, i.points, i.score])).toEqual([
      ['举办招商推介会', 6, 6, 20, 20],
      ['区级招商签约项目', 2, 1, 20, 10],
      ['走访服务企业', 300, 315, 20, 20],
    ]);
    expect([goal1.finalScore, goal2.finalScore, evaluation.total]).toEqual([50, 20, 86.89]);
    expect(report.projectEvaluations.map((p) => [p.project.name, p.budget?.score, p.goals[0].finalScore, p.total])).toEqual([
      ['促进消费专项经费', 19, 80, 99],
    ]);
    const page = renderHtml(report);
    expect(page).toContain('2024 年度区直部门项目自评表');
    expect(page).toContain('某区商务局（示例）');
  });

  it('as of the day before the revision and the adjustment: the earlier target and budget; as of the day: the new ones', async () => {
    const june = (await build('2024-06-30')).departmentEvaluation;
    const july = (await build('2024-07-01')).departmentEvaluation;
    expect([june.goals[0].indicators[0].A.value, june.goals[0].indicators[0].score]).toEqual([4, 20]);
    expect([july.goals[0].indicators[0].A.value, july.goals[0].indicators[0].score]).toEqual([6, 13.33]);
    expect(june.budget).toMatchObject({ A: 800, score: 19 });
    expect((await build('2024-09-01')).departmentEvaluation.budget).toMatchObject({ A: 900 });
  });

  it('imports again without a change', async () => {
    const summary = await app.get(DatasetImporter).import(DATASET);
    expect(summary.applied).toBe(0);
  });
});
