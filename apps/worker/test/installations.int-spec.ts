import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Module } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { Pool } from 'pg';
import { loadConfig } from '@app/config';
import { createPool, installationId, migrate } from '@app/database';
import { EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import type { YearEndReport } from '@app/reporting';
import {
  REPORT_JOB_OPTIONS,
  REPORT_QUEUE,
  ReportBuilder,
  reportId,
  reportIdOfResult,
  ReportStore,
  type ReportJobData,
  waitForJob,
} from '@app/reporting/jobs';
import { BackendTestModule, createTestDatabase, databaseUrl, testModule, withAdmin, type TestDatabase } from '@app/testing';
import { DatasetImporter, parseDataset, TRACKING_PROJECTIONS } from '@app/tracking';
import { ReportProcessor } from '../src/report.processor';

/**
 * Two installations on one Redis with the default QUEUE_PREFIX, each with the worker's report
 * processor running in-process. Both import the same department-year with as many events, so
 * their report job ids are equal; only the department's name tells their reports apart.
 */
@Module({ imports: [BackendTestModule], providers: [ReportProcessor] })
class Installation {}

interface Running {
  db: TestDatabase;
  app: TestingModule;
  queue: Queue<ReportJobData>;
  builds: () => number;
}

const DATASET = parseDataset(readFileSync(join(process.cwd(), 'datasets/wuhan-fao-2023.yaml'), 'utf8'));
const NAME_A = DATASET.department.name;
const NAME_B = '另一安装的外办';
const running = new Set<Running>();

async function start(db: TestDatabase, departmentName: string): Promise<Running> {
  const app = await testModule([Installation], db).compile();
  await app.init();
  const build = jest.spyOn(app.get(ReportBuilder), 'build');
  await app.get(DatasetImporter).import({ ...DATASET, department: { ...DATASET.department, name: departmentName } });
  const runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
  await catchUpProjections(app.get(Pool), runner);
  const installation: Running = { db, app, queue: app.get(getQueueToken(REPORT_QUEUE)), builds: () => build.mock.calls.length };
  running.add(installation);
  return installation;
}

async function stop(installation: Running): Promise<void> {
  running.delete(installation);
  await installation.queue.obliterate({ force: true }).catch(() => undefined);
  await installation.app.close();
}

/** Requests the year-end report as the api and the cli do, and waits for the job's result. */
async function buildReport(installation: Running): Promise<{ jobId: string; reportId: string }> {
  const data: ReportJobData = {
    department: 'wh-fao',
    year: 2023,
    asOf: null,
    tenantPosition: await installation.app.get(ReportStore).tenantHead('wh-fao'),
  };
  const job = await installation.queue.add('year-end', data, { ...REPORT_JOB_OPTIONS, jobId: reportId(data) });
  return { jobId: job.id!, reportId: reportIdOfResult(job.id!, await waitForJob(installation.queue, job.id!, 60_000)) };
}

async function storedReports(installation: Running): Promise<{ id: string; name: string }[]> {
  const found = await installation.db.pool.query<{ id: string; report: YearEndReport }>('SELECT id, report FROM reports ORDER BY id');
  return found.rows.map((r) => ({ id: r.id, name: r.report.header.department.name }));
}

let a: Running;
let b: Running;

beforeAll(async () => {
  a = await start(await createTestDatabase(10), NAME_A);
  b = await start(await createTestDatabase(10), NAME_B);
}, 180_000);

afterAll(async () => {
  for (const installation of [...running]) {
    await stop(installation);
    await installation.db.drop();
  }
});

describe('two installations on one Redis with the default queue prefix', () => {
  let first: { jobId: string; reportId: string };

  it('give each database its own installation id and queue prefix', async () => {
    const [idA, idB] = [await installationId(a.db.pool), await installationId(b.db.pool)];
    expect(idA).toMatch(/^[0-9a-f-]{36}$/);
    expect(idB).not.toBe(idA);
    expect(a.queue.opts.prefix).toBe(`${loadConfig().QUEUE_PREFIX}:${idA}`);
    expect(b.queue.opts.prefix).toBe(`${loadConfig().QUEUE_PREFIX}:${idB}`);
  });

  it('each builds its own report under the same job id; neither takes nor finds the other’s', async () => {
    first = await buildReport(a);
    const second = await buildReport(b);
    expect(second.jobId).toBe(first.jobId);
    expect([a.builds(), b.builds()]).toEqual([1, 1]);
    expect(await storedReports(a)).toEqual([{ id: first.reportId, name: NAME_A }]);
    expect(await storedReports(b)).toEqual([{ id: second.reportId, name: NAME_B }]);
  }, 120_000);

  it('builds anew after one database is dropped and created again, and the other is untouched', async () => {
    const oldId = await installationId(b.db.pool);
    const old = b.db;
    const { name } = old;
    await stop(b);
    await old.pool.end();
    await withAdmin(async (admin) => {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
    });
    await migrate(databaseUrl(name));
    const pool = createPool(databaseUrl(name), 10);
    const db: TestDatabase = {
      ...old,
      pool,
      async drop() {
        await pool.end().catch(() => undefined);
        await old.drop();
      },
    };
    b = await start(db, NAME_B);
    expect(await installationId(pool)).not.toBe(oldId);

    const rebuilt = await buildReport(b);
    expect(rebuilt.jobId).toBe(first.jobId);
    expect(b.builds()).toBe(1);
    expect(await storedReports(b)).toEqual([{ id: rebuilt.reportId, name: NAME_B }]);
    expect(a.builds()).toBe(1);
    expect(await storedReports(a)).toEqual([{ id: first.reportId, name: NAME_A }]);
  }, 120_000);
});
