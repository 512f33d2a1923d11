import { BackendTestModule, testModule, createTestDatabase, type TestDatabase } from '@app/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import type { TestingModule } from '@nestjs/testing';
import { Pool } from 'pg';
import { EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import {
  DatasetImporter,
  parseDataset,
  planStreamId,
  RestoreSangong,
  sangongEntryId,
  SangongQueries,
  Streams,
  TRACKING_PROJECTIONS,
  WithdrawSangong,
  type Dataset,
} from '@app/tracking';
import type { YearEndReport } from '../report/build-report';
import { ReportBuilder } from './report-builder.service';
import { ReportStore } from './report-store';

/**
 * The 2023 三公 table from records (issue 14): a database that held the 三公 figures in the plan
 * (plan.sangong-set.v1, with actuals and counts) and then imports today's dataset shows them once,
 * from the summary records; withdrawing and restoring a record moves the table.
 */
const DATASET = parseDataset(readFileSync(join(process.cwd(), 'datasets/wuhan-fao-2023.yaml'), 'utf8'));

let db: TestDatabase;
let app: TestingModule;
let runner: ProjectionRunner;

async function build(department = 'wh-fao', asOf: string | null = null): Promise<YearEndReport> {
  await catchUpProjections(app.get(Pool), runner);
  const data = { department, year: 2023, asOf, tenantPosition: await app.get(ReportStore).tenantHead(department) };
  const id = await app.get(ReportBuilder).build(data);
  return (await app.get(ReportStore).get(department, id))!.report as YearEndReport;
}

/** What the plan held before 三公 records: the v1 event of each line, actual and counts included. */
async function appendV1Lines(department: string): Promise<void> {
  const lines = {
    tripsAbroad: { budget: 10.55, actual: 10.55, groups: 3, persons: 4, foreignGroups: null, foreignPersons: null, vehiclesHeld: null },
    vehiclePurchase: { budget: 0, actual: 0, groups: null, persons: null, foreignGroups: null, foreignPersons: null, vehiclesHeld: null },
    vehicleRunning: { budget: 3.91, actual: 3.91, groups: null, persons: null, foreignGroups: null, foreignPersons: null, vehiclesHeld: 5 },
    receptions: { budget: 9.42, actual: 9.42, groups: 38, persons: 386, foreignGroups: 31, foreignPersons: 327, vehiclesHeld: null },
  };
  await app.get(EventStore).append(
    planStreamId(department, 2023),
    Object.entries(lines).map(([kind, line]) => ({
      type: 'plan.sangong-set.v1',
      data: { department, year: 2023, kind, line, previous: null },
      metadata: { actor: 'import' },
    })),
    { tenant: department, expected: 'no-stream' },
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await testModule([BackendTestModule], db).compile();
  await app.init();
  runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
  await appendV1Lines('wh-fao');
  await app.get(DatasetImporter).import(DATASET);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('the 2023 三公 table from records, in a database that held the figures in its plan', () => {
  let report: YearEndReport;

  beforeAll(async () => {
    report = await build();
  }, 60_000);

  it('reproduces 23.88 = 10.55 + 3.91 (0 + 3.91) + 9.42, once, with 3 / 4, 38 / 386, 31 / 327 and 5 vehicles', () => {
    const s = report.sangong;
    expect(s.columns.map((c) => c.value)).toEqual([23.88, 10.55, 3.91, 0, 3.91, 9.42, 23.88, 10.55, 3.91, 0, 3.91, 9.42]);
    expect(s.counts).toEqual({
      tripsAbroad: { groups: 3, persons: 4 },
      receptions: { groups: 38, persons: 386, foreignGroups: 31, foreignPersons: 327 },
      vehiclesHeld: 5,
    });
    expect(s.sources).toEqual({
      tripsAbroad: { records: 0, summaries: 1 },
      vehiclePurchase: { records: 0, summaries: 1 },
      vehicleRunning: { records: 0, summaries: 1 },
      receptions: { records: 0, summaries: 1 },
    });
    expect(s.checks).toEqual([]);
    expect(Object.values(s.overspent).some(Boolean)).toBe(false);
  });

  it('reads the old plan events as budgets only: the plan has no actual, and importing set no budget again', async () => {
    const plan = await app.get(Streams).plan('wh-fao', 2023);
    expect(plan.sangong).toEqual({
      tripsAbroad: { budget: 10.55, perPersonStandard: null },
      vehiclePurchase: { budget: 0, perPersonStandard: null },
      vehicleRunning: { budget: 3.91, perPersonStandard: null },
      receptions: { budget: 9.42, perPersonStandard: null },
    });
    const stored = await db.pool.query<{ type: string }>(
      `SELECT type FROM events WHERE stream_id = $1 AND type LIKE 'plan.sangong-set.%' ORDER BY stream_version`,
      [planStreamId('wh-fao', 2023)],
    );
    expect(stored.rows.map((r) => r.type)).toEqual(Array(4).fill('plan.sangong-set.v1'));
  });

  it('as of 30 June counts nothing of the year’s summaries (they count from 31 December)', async () => {
    const june = await build('wh-fao', '2023-06-30');
    expect(june.sangong.actual.total).toBe(0);
    expect(june.sangong.budget.total).toBe(23.88);
    expect(june.sangong.counts.receptions.groups).toBe(0);
  });

  it('drops the receptions when their summary is withdrawn, and brings them back when it is restored', async () => {
    const commands = app.get(CommandBus);
    const recordId = sangongEntryId('wh-fao', 'receptions-2023');
    await commands.execute(new WithdrawSangong('wh-fao', recordId, '核对接待清单', undefined, { actor: 'test' }));
    const withdrawn = await build();
    expect(withdrawn.sangong.actual).toMatchObject({ total: 14.46, receptions: 0 });
    expect(withdrawn.sangong.counts.receptions).toEqual({ groups: 0, persons: 0, foreignGroups: 0, foreignPersons: 0 });
    expect((await app.get(SangongQueries).view('wh-fao', 2023)).total.spent).toBe(14.46);

    await commands.execute(new RestoreSangong('wh-fao', recordId, '核对无误', undefined, { actor: 'test' }));
    const restored = await build();
    expect(restored.sangong.actual.total).toBe(23.88);
    expect(restored.sangong.counts.receptions.persons).toBe(386);
  }, 60_000);

  it('imports again without changing anything', async () => {
    const before = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    await app.get(DatasetImporter).import(DATASET);
    const after = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});

describe('a department freshly imported from the dataset', () => {
  it('stores no actual, count or person figure in any plan event; its 三公 are records', async () => {
    const fresh: Dataset = { ...DATASET, department: { ...DATASET.department, code: 'wh-fresh' } };
    await app.get(DatasetImporter).import(fresh);
    const plans = await db.pool.query<{ type: string; data: Record<string, unknown> }>(
      `SELECT type, data FROM events WHERE tenant = 'wh-fresh' AND type LIKE 'plan.%'`,
    );
    expect(plans.rows.length).toBeGreaterThan(50);
    const figures = /"(actual|groups|persons|foreignGroups|foreignPersons|vehiclesHeld)":/;
    expect(plans.rows.filter((r) => figures.test(JSON.stringify(r.data))).map((r) => r.type)).toEqual([]);
    const records = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE tenant = 'wh-fresh' AND type = 'sangong.recorded.v1'`,
    );
    expect(records.rows[0].n).toBe(4);
    expect((await build('wh-fresh')).sangong.actual.total).toBe(23.88);
  }, 60_000);
});
