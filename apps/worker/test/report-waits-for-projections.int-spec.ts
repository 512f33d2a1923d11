import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { Pool } from 'pg';
import { EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import {
  REPORT_JOB_OPTIONS,
  REPORT_QUEUE,
  reportId,
  reportIdOfResult,
  ReportStore,
  type ReportJobData,
  waitForJob,
} from '@app/reporting/jobs';
import { BackendTestModule, createTestDatabase, testModule, until, type TestDatabase } from '@app/testing';
import { DatasetImporter, parseDataset, TRACKING_PROJECTIONS } from '@app/tracking';
import { ReportProcessor } from '../src/report.processor';

/**
 * A report job whose projections are behind waits in the delayed set and tries again, without
 * using up its attempts (a busy worker under a steady stream of records must not fail reports);
 * a projection that has stopped fails the job as before. A district office's own year (not the
 * Wuhan one), the worker's report processor in-process.
 */
@Module({ imports: [BackendTestModule], providers: [ReportProcessor] })
class WorkerUnderTest {}

const DATASET = parseDataset(readFileSync(join(process.cwd(), 'datasets/example-district-2024.yaml'), 'utf8'));
const DEPARTMENT = DATASET.department.code;

let db: TestDatabase;
let app: TestingModule;
let queue: Queue<ReportJobData>;
let runner: ProjectionRunner;

beforeAll(async () => {
  db = await createTestDatabase(10);
  // A build waits 200 ms for the projections, then the job goes back to the queue for 2 s.
  app = await testModule([WorkerUnderTest], db, { REPORT_PROJECTIONS_WAIT_MS: 200 }).compile();
  await app.init();
  queue = app.get(getQueueToken(REPORT_QUEUE));
  await app.get(DatasetImporter).import(DATASET);
  // Registered, but nothing projected yet: the worker's projections are "behind".
  runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
}, 60_000);

afterAll(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await app?.close();
  await db?.drop();
});

async function request(asOf: string | null): Promise<string> {
  const data: ReportJobData = {
    department: DEPARTMENT,
    year: DATASET.year,
    asOf,
    tenantPosition: await app.get(ReportStore).tenantHead(DEPARTMENT),
  };
  // One attempt only: a wait that used an attempt would fail the job.
  const job = await queue.add('year-end', data, { ...REPORT_JOB_OPTIONS, attempts: 1, jobId: reportId(data) });
  return job.id!;
}

describe('a report job while the projections are behind', () => {
  it('waits in the delayed set without using an attempt, then builds once they catch up', async () => {
    const jobId = await request(null);
    const seen = new Set<string>();
    await until(
      'the job delayed at least twice',
      async () => {
        seen.add(await queue.getJobState(jobId));
        return ((await queue.getJob(jobId))?.attemptsStarted ?? 0) >= 2 && seen.has('delayed');
      },
      20_000,
    );
    const waiting = await queue.getJob(jobId);
    expect(waiting!.attemptsMade).toBe(0);
    expect(waiting!.failedReason ?? null).toBeNull();
    expect(await queue.getJobState(jobId)).not.toBe('failed');

    await catchUpProjections(app.get(Pool), runner);
    const result = await waitForJob(queue, jobId, 30_000);
    const built = reportIdOfResult(jobId, result);
    const stored = await db.pool.query<{ department: string }>('SELECT department FROM reports WHERE id = $1', [built]);
    expect(stored.rows).toEqual([{ department: DEPARTMENT }]);
  }, 60_000);

  it('fails (not waits) when a projection has stopped', async () => {
    await db.pool.query(`UPDATE projection_checkpoints SET status = 'failed', error = 'a malformed event' WHERE name = 'plans'`);
    try {
      const jobId = await request(`${DATASET.year}-06-30`);
      await expect(waitForJob(queue, jobId, 20_000)).rejects.toThrow('Projection plans has stopped: a malformed event');
    } finally {
      await db.pool.query(`UPDATE projection_checkpoints SET status = 'running', error = NULL WHERE name = 'plans'`);
    }
  }, 30_000);
});
