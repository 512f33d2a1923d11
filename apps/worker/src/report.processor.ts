import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, Optional } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { ProjectionsBehindError } from '@app/event-store';
import { NotFoundError } from '@app/tracking';
import {
  PROJECTIONS_BEHIND_PATIENCE_MS,
  PROJECTIONS_BEHIND_RETRY_MS,
  ReportBuilder,
  REPORT_QUEUE,
  type ReportJobData,
  type ReportJobResult,
} from '@app/reporting/jobs';
import { WorkerMetrics } from './metrics/worker-metrics';

/**
 * Builds year-end reports; transient faults retry with backoff, an unknown department fails for
 * good. Projections that are only behind (a busy worker) delay the job without using an attempt:
 * under a steady stream of records a report must wait for them, not fail.
 */
@Processor(REPORT_QUEUE, { concurrency: 2 })
export class ReportProcessor extends WorkerHost {
  private readonly logger = new Logger('reports');

  constructor(
    private readonly builder: ReportBuilder,
    /** Times each build (keywork_report_build_duration_seconds); absent where the worker's metrics are not loaded. */
    @Optional() private readonly metrics?: WorkerMetrics,
  ) {
    super();
  }

  async process(job: Job<ReportJobData>, token?: string): Promise<ReportJobResult> {
    const timer = this.metrics?.reportBuilds.startTimer();
    try {
      const reportId = await this.builder.build(job.data, (percent) => job.updateProgress(percent));
      timer?.({ outcome: 'ok' });
      this.logger.log(`built ${reportId} (job ${job.id}, attempt ${job.attemptsMade + 1})`);
      return { reportId };
    } catch (error) {
      if (error instanceof NotFoundError) {
        timer?.({ outcome: 'failed' });
        throw new UnrecoverableError(error.message);
      }
      if (
        error instanceof ProjectionsBehindError &&
        !error.stopped &&
        token &&
        Date.now() - job.timestamp < PROJECTIONS_BEHIND_PATIENCE_MS
      ) {
        timer?.({ outcome: 'delayed' });
        this.logger.log(`projections behind; job ${job.id} waits ${PROJECTIONS_BEHIND_RETRY_MS} ms (${error.message})`);
        await job.moveToDelayed(Date.now() + PROJECTIONS_BEHIND_RETRY_MS, token);
        throw new DelayedError();
      }
      timer?.({ outcome: 'failed' });
      throw error;
    }
  }
}
