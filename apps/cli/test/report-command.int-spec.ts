import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { TestingModule } from '@nestjs/testing';
import { Worker, type Queue } from 'bullmq';
import { Pool } from 'pg';
import { EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import type { YearEndReport } from '@app/reporting';
import { REPORT_QUEUE } from '@app/reporting/jobs';
import { createTestDatabase, testModule, type TestDatabase } from '@app/testing';
import { DatasetImporter, parseDataset, TRACKING_PROJECTIONS } from '@app/tracking';
import { CliModule } from '../src/cli.module';
import { runReportCommand, type ReportCommandOptions } from '../src/report-command';

/** `npm run report`: a report of this database, or a loud error — never `undefined` and exit 0. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let db: TestDatabase;
let app: TestingModule;
let queue: Queue;
let dir: string;

const options = (asOf: string | null, out: string): ReportCommandOptions => ({
  department: 'wh-fao',
  year: 2023,
  asOf,
  format: 'json',
  out: join(dir, out),
  timeoutMs: 60_000,
});

/** A worker on this installation's queue that is not the report builder (what another installation's worker would be). */
async function withForeignWorker<T>(result: unknown, fn: () => Promise<T>): Promise<T> {
  const worker = new Worker(REPORT_QUEUE, async () => result, {
    connection: { url: REDIS_URL, maxRetriesPerRequest: null },
    prefix: queue.opts.prefix,
  });
  await worker.waitUntilReady();
  try {
    return await fn();
  } finally {
    await worker.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keywork-report-command-'));
  db = await createTestDatabase(10);
  app = await testModule([CliModule], db).compile();
  await app.init();
  await app.get(DatasetImporter).import(parseDataset(readFileSync(join(process.cwd(), 'datasets/wuhan-fao-2023.yaml'), 'utf8')));
  const runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
  await catchUpProjections(app.get(Pool), runner);
  queue = app.get(getQueueToken(REPORT_QUEUE));
}, 90_000);

afterAll(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await app?.close();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the report command', () => {
  it('writes the report of this database (building in-process when no worker runs)', async () => {
    await runReportCommand(app, options(null, 'year-end.json'));
    const report = JSON.parse(readFileSync(join(dir, 'year-end.json'), 'utf8')) as YearEndReport;
    expect(report.header.department.code).toBe('wh-fao');
    expect(report.departmentEvaluation.total).toBe(96);
  }, 90_000);

  it('fails with REPORT_JOB.RESULT_MISSING when the finished job names no report', async () => {
    await withForeignWorker(undefined, () =>
      expect(runReportCommand(app, options('2023-06-30', 'no-result.json'))).rejects.toMatchObject({ code: 'REPORT_JOB.RESULT_MISSING' }),
    );
  });

  it('fails with REPORT.MISSING when the job names a report this database does not hold', async () => {
    await withForeignWorker({ reportId: 'report-wh-fao-2023-2023-09-30-1' }, () =>
      expect(runReportCommand(app, options('2023-09-30', 'no-report.json'))).rejects.toMatchObject({ code: 'REPORT.MISSING' }),
    );
  });
});
