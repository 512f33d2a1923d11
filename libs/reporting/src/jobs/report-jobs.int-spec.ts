import { BackendTestModule, testModule, createTestDatabase, type TestDatabase } from '@app/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { TestingModule } from '@nestjs/testing';
import { UnrecoverableError, Worker, type Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import { Pool } from 'pg';
import { EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import { NotFoundError, parseDataset, DatasetImporter, TRACKING_PROJECTIONS } from '@app/tracking';
import type { YearEndReport } from '../report/build-report';
import { ReportBuilder } from './report-builder.service';
import { REPORT_JOB_OPTIONS, REPORT_QUEUE, reportId, type ReportJobData, type ReportJobResult } from './report-job';
import { ReportStore } from './report-store';
import { waitForJob } from './wait-for-job';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `keywork-test-${randomBytes(4).toString('hex')}`;
const connection = { url: REDIS_URL, maxRetriesPerRequest: null };

let db: TestDatabase;
let app: TestingModule;
let queue: Queue<ReportJobData, ReportJobResult>;
let worker: Worker<ReportJobData, ReportJobResult>;
let builds = 0;
let runner: ProjectionRunner;

async function request(department = 'wh-fao', asOf: string | null = null) {
  const data: ReportJobData = { department, year: 2023, asOf, tenantPosition: await app.get(ReportStore).tenantHead(department) };
  return queue.add('year-end', data, { ...REPORT_JOB_OPTIONS, jobId: reportId(data) });
}

async function report(id: string): Promise<YearEndReport> {
  return (await app.get(ReportStore).get('wh-fao', id))!.report as YearEndReport;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await testModule([BackendTestModule], db, { QUEUE_PREFIX: PREFIX }).compile();
  await app.init();
  const dataset = parseDataset(readFileSync(join(process.cwd(), 'datasets/wuhan-fao-2023.yaml'), 'utf8'));
  await app.get(DatasetImporter).import(dataset);
  runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
  await catchUpProjections(app.get(Pool), runner);
  queue = app.get(getQueueToken(REPORT_QUEUE));
  const builder = app.get(ReportBuilder);
  worker = new Worker<ReportJobData, ReportJobResult>(
    REPORT_QUEUE,
    async (job) => {
      builds++;
      try {
        return { reportId: await builder.build(job.data, (p) => job.updateProgress(p)) };
      } catch (error) {
        if (error instanceof NotFoundError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    // The queue's prefix: QUEUE_PREFIX and this database's installation id.
    { connection, prefix: queue.opts.prefix },
  );
}, 60_000);

afterAll(async () => {
  await worker?.close(true);
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await app?.close();
  await db?.drop();
});

describe('year-end report jobs for wh-fao 2023 (real Redis and PostgreSQL)', () => {
  let first: YearEndReport;
  let firstId: string;

  beforeAll(async () => {
    const job = await request();
    firstId = (await waitForJob<ReportJobResult>(queue, job.id!, 30_000)).reportId;
    first = await report(firstId);
  }, 60_000);

  it('reproduces the completion table: 10 items, all 完成, with the seed’s activities', () => {
    expect(first.keyWork).toHaveLength(10);
    expect(first.keyWork.map((row) => row.verdict)).toEqual(Array(10).fill('完成'));
    const cities = first.keyWork.find((row) => row.no === 3)!;
    expect(cities.activities).toHaveLength(4);
    expect(cities.activities.filter((a) => a.counted)).toHaveLength(2);
    const titles = first.keyWork.find((row) => row.no === 1)!.activities.map((a) => a.title);
    expect(titles).toContain('举办“武汉都市圈-英国大曼彻斯特地区经贸合作交流会”');
  });

  it('scores the department 20 + 38 + 38 = 96 with 2 deducted from each goal’s computed 40', () => {
    const evaluation = first.departmentEvaluation;
    expect(evaluation.budget).toMatchObject({ A: 2486.85, B: 2486.85, score: 20 });
    expect(evaluation.goals.map((g) => [g.computedScore, g.deductions.reduce((s, d) => s + d.points, 0), g.finalScore])).toEqual([
      [40, 2, 38],
      [40, 2, 38],
    ]);
    expect(evaluation.goals.every((g) => g.deductions.every((d) => d.reason.length > 10))).toBe(true);
    expect(evaluation.total).toBe(96);
  });

  it('scores both projects 96', () => {
    expect(first.projectEvaluations.map((p) => [p.project.name, p.total])).toEqual([
      ['对外交往业务支出', 96],
      ['行政管理支出', 96],
    ]);
    expect(first.projectEvaluations[0].goals.map((g) => g.finalScore)).toEqual([56, 10, 10]);
  });

  it('fills the 三公 table: 23.88 = 10.55 + 3.91 (0 + 3.91) + 9.42 with the group and person counts', () => {
    const s = first.sangong;
    expect(s.actual).toMatchObject({
      total: 23.88,
      tripsAbroad: 10.55,
      vehicles: 3.91,
      vehiclePurchase: 0,
      vehicleRunning: 3.91,
      receptions: 9.42,
    });
    expect(s.budget.total).toBe(23.88);
    expect(s.counts.tripsAbroad).toMatchObject({ groups: 3, persons: 4 });
    expect(s.counts.receptions).toMatchObject({ groups: 38, persons: 386, foreignGroups: 31, foreignPersons: 327 });
    expect(s.checks).toEqual([]);
  });

  it('records the event-stream checkpoint it was built from', async () => {
    const [summary] = await app.get(ReportStore).list('wh-fao', 2023);
    const head = await db.pool.query<{ p: number }>(`SELECT max(global_position)::int AS p FROM events WHERE tenant = 'wh-fao'`);
    expect(summary.tenantPosition).toBe(head.rows[0].p);
    expect(summary.checkpoint.position).toBeGreaterThanOrEqual(head.rows[0].p);
    expect(summary.stale).toBe(false);
  });

  it('builds byte-identical JSON twice from the same events', async () => {
    await db.pool.query('DELETE FROM reports');
    await queue.remove(firstId);
    const again = await request();
    const id = (await waitForJob<ReportJobResult>(queue, again.id!, 30_000)).reportId;
    expect(id).toBe(firstId);
    expect(JSON.stringify(await report(id))).toBe(JSON.stringify(first));
  });

  it('builds one report for two requests at once', async () => {
    await db.pool.query('DELETE FROM reports');
    await queue.remove(firstId);
    const before = builds;
    const [a, b] = await Promise.all([request(), request()]);
    expect(a.id).toBe(b.id);
    await waitForJob(queue, a.id!, 30_000);
    expect(builds - before).toBe(1);
    const stored = await db.pool.query('SELECT count(*)::int AS n FROM reports');
    expect(stored.rows[0].n).toBe(1);
  });

  it('produces an XLSX that opens with the seed’s headers and totals', async () => {
    const xlsx = (await app.get(ReportStore).file('wh-fao', firstId, 'xlsx')) as Buffer;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as never);
    const names = workbook.worksheets.map((w) => w.name);
    expect(names).toContain('重点工作完成情况');
    expect(names).toContain('整体绩效自评表');
    const values = (name: string) =>
      workbook
        .getWorksheet(name)!
        .getSheetValues()
        .flat()
        .map((v) => (v && typeof v === 'object' && 'richText' in (v as object) ? '' : v));
    expect(values('重点工作完成情况')).toEqual(expect.arrayContaining(['序号', '重要事项', '工作内容及目标', '完成情况']));
    expect(values('整体绩效自评表')).toContain(96);
    const sangongSheet = workbook.worksheets.find((w) => w.name.includes('三公'))!;
    expect(sangongSheet.getSheetValues().flat()).toContain(23.88);
  });

  it('marks a report stale after a newer event, and a new request builds a new one', async () => {
    const department = await request();
    await waitForJob(queue, department.id!, 30_000);
    await db.pool.query(
      `INSERT INTO events (stream_id, stream_version, tenant, type, data, metadata, recorded_at)
       VALUES ('test-noise', 1, 'wh-fao', 'test.noise.v1', '{}', '{}', now())`,
    );
    await catchUpProjections(app.get(Pool), runner);
    const [latest] = await app.get(ReportStore).list('wh-fao', 2023);
    expect(latest.stale).toBe(true);
    const rebuilt = await request();
    expect(rebuilt.id).not.toBe(latest.id);
    const id = (await waitForJob<ReportJobResult>(queue, rebuilt.id!, 30_000)).reportId;
    expect((await app.get(ReportStore).list('wh-fao', 2023)).find((r) => r.id === id)?.stale).toBe(false);
  });

  it('fails for good on an unknown department', async () => {
    const data: ReportJobData = { department: 'nobody', year: 2023, asOf: null, tenantPosition: 0 };
    const job = await queue.add('year-end', data, { ...REPORT_JOB_OPTIONS, jobId: reportId(data) });
    await expect(waitForJob(queue, job.id!, 30_000)).rejects.toThrow(/Unknown department/);
    const failed = await queue.getJob(job.id!);
    expect(failed!.attemptsMade).toBe(1);
  });
});
