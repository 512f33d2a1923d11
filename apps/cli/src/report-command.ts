import { writeFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { UnrecoverableError, Worker, type Queue } from 'bullmq';
import { AppConfig } from '@app/config';
import {
  ReportBuilder,
  REPORT_QUEUE,
  reportIdOfResult,
  ReportMissingError,
  ReportRequests,
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
        // The queue's own prefix: this installation's (QUEUE_PREFIX and the database's installation id).
        { connection, prefix: queue.opts.prefix },
      );
      process.stderr.write('No report worker is running: building in this process.\n');
    }
    // Within the department's quotas, as over HTTP (a refusal is REPORT.QUOTA_EXCEEDED, exit code 1).
    const job = await app.get(ReportRequests).request({ department: options.department, year: options.year, asOf: options.asOf });
    // Anything but a report of this database is an error (exit code 1), never an empty output.
    const id = reportIdOfResult(job.id!, await waitForJob<unknown>(queue, job.id!, options.timeoutMs));
    let body: string | Buffer | null;
    if (options.format === 'json') {
      const stored = await reports.get(options.department, id);
      body = stored ? `${JSON.stringify(stored.report, null, 2)}\n` : null;
    } else {
      body = await reports.file(options.department, id, options.format);
    }
    if (body === null) throw new ReportMissingError(job.id!, id);
    if (options.out) {
      writeFileSync(options.out, body);
      process.stderr.write(`Wrote ${id} as ${options.format} to ${options.out}\n`);
    } else if (options.format === 'json' || options.format === 'html') {
      process.stdout.write(body);
    } else {
      throw new Error('XLSX is binary: give --out <file>');
    }
  } finally {
    await localWorker?.close();
  }
}
