import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { Pool } from 'pg';
import { BackendTestModule } from '@app/testing';
import { EventStore, ProjectionRunner, catchUpProjections } from '@app/event-store';
import {
  REPORT_JOB_OPTIONS,
  REPORT_QUEUE,
  reportId,
  type ReportJobData,
  type ReportJobResult,
  ReportStore,
  waitForJob,
} from '@app/reporting/jobs';
import { testModule, createTestDatabase, type TestDatabase, until } from '@app/testing';
import { parseDataset, DatasetImporter, TRACKING_PROJECTIONS } from '@app/tracking';

/** A report worker killed mid-build leaves no half report: the retry stores the one report. */
const PREFIX = `keywork-crash-${randomBytes(4).toString('hex')}`;
let db: TestDatabase;
let app: TestingModule;
let queue: Queue<ReportJobData, ReportJobResult>;
const children = new Set<ChildProcess>();

function startWorker(delayMs: number): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'tsconfig-paths/register',
      'node_modules/ts-node/dist/bin.js',
      '--transpile-only',
      '-P',
      'tsconfig.json',
      'apps/worker/test/run-report-worker.ts',
    ],
    {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: db.url, QUEUE_PREFIX: PREFIX, REPORT_BUILD_DELAY_MS: String(delayMs) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('report worker started')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before starting: ${output}`)));
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await testModule([BackendTestModule], db, { QUEUE_PREFIX: PREFIX }).compile();
  await app.init();
  await app.get(DatasetImporter).import(parseDataset(readFileSync(join(process.cwd(), 'datasets/wuhan-fao-2023.yaml'), 'utf8')));
  const runner = new ProjectionRunner(app.get(Pool), app.get(EventStore), TRACKING_PROJECTIONS);
  await runner.prepare();
  await catchUpProjections(app.get(Pool), runner);
  queue = app.get(getQueueToken(REPORT_QUEUE));
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await app?.close();
  await db?.drop();
});

describe('report worker killed during a build', () => {
  it('leaves exactly one stored report once the job is retried', async () => {
    const doomed = startWorker(60_000);
    await started(doomed);
    const data: ReportJobData = {
      department: 'wh-fao',
      year: 2023,
      asOf: null,
      tenantPosition: await app.get(ReportStore).tenantHead('wh-fao'),
    };
    const job = await queue.add('year-end', data, { ...REPORT_JOB_OPTIONS, jobId: reportId(data) });
    // REPORT_BUILD_DELAY_MS (run-report-worker.ts) holds the job here, mid-build, for the kill.
    await until('the job started building (progress 5)', async () => (await queue.getJob(job.id!))?.progress === 5, 10_000);
    doomed.kill('SIGKILL');
    await new Promise((resolve) => doomed.once('exit', resolve));
    expect((await db.pool.query('SELECT count(*)::int AS n FROM reports')).rows[0].n).toBe(0);

    const survivor = startWorker(0);
    await started(survivor);
    const result = await waitForJob<ReportJobResult>(queue, job.id!, 45_000);
    expect(result.reportId).toBe(reportId(data));
    const stored = await db.pool.query<{ id: string }>('SELECT id FROM reports');
    expect(stored.rows.map((r) => r.id)).toEqual([reportId(data)]);
    survivor.kill('SIGTERM');
  }, 90_000);
});
