import { writeFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { UnrecoverableError, Worker, type Queue } from 'bullmq';
import { AppConfig } from '@app/config';
import {
  ReportBuilder,
  REPORT_JOB_OPTIONS,
  REPORT_QUEUE,
  reportId,
  type ReportJobData,
  type ReportJobResult,
  ReportStore,
  waitForJob,
} from '@app/reporting/jobs';
import { NotFoundError, TrackingQueries } from '@app/tracking';

export interface ReportCommandOptions {
  department: string;
  year: number;
  asOf: string | null;
  format: 'json' | 'xlsx' | 'html';
  out: string | null;
  timeoutMs: number;
}

/**
 * Enqueues the report on the real queue and waits for it; when no worker is listening, runs one
 * in this process for the duration so the command works alone.
 */
export async function runReportCommand(app: INestApplicationContext, options: ReportCommandOptions): Promise<void> {
  const config = app.get(AppConfig);
  const queue = app.get<Queue<ReportJobData, ReportJobResult>>(getQueueToken(REPORT_QUEUE));
  await app.get(TrackingQueries).requireDepartment(options.department);
  const reports = app.get(ReportStore);
  const connection = { url: config.REDIS_URL, maxRetriesPerRequest: null };
  let localWorker: Worker | null = null;
  try {
    if ((await queue.getWorkersCount()) === 0) {
      const builder = app.get(ReportBuilder);
      localWorker = new Worker<ReportJobData, ReportJobResult>(
        REPORT_QUEUE,
        async (job) => {
          try {
            return { reportId: await builder.build(job.data, (p) => job.updateProgress(p)) };
          } catch (error) {
            if (error instanceof NotFoundError) throw new UnrecoverableError(error.message);
            throw error;
          }
        },
        { connection, prefix: config.QUEUE_PREFIX },
      );
      process.stderr.write('No report worker is running: building in this process.\n');
    }
    const data: ReportJobData = {
      department: options.department,
      year: options.year,
      asOf: options.asOf,
      tenantPosition: await reports.tenantHead(options.department),
    };
    const job = await queue.add('year-end', data, { ...REPORT_JOB_OPTIONS, jobId: reportId(data) });
    const result = await waitForJob<ReportJobResult>(queue, job.id!, options.timeoutMs);
    const body =
      options.format === 'json'
        ? `${JSON.stringify((await reports.get(options.department, result.reportId))?.report, null, 2)}\n`
        : await reports.file(options.department, result.reportId, options.format);
    if (body === null || body === undefined) throw new Error(`Report ${result.reportId} was not stored`);
    if (options.out) {
      writeFileSync(options.out, body);
      process.stderr.write(`Wrote ${result.reportId} as ${options.format} to ${options.out}\n`);
    } else if (options.format === 'json' || options.format === 'html') {
      process.stdout.write(body);
    } else {
      throw new Error('XLSX is binary: give --out <file>');
    }
  } finally {
    await localWorker?.close();
  }
}
