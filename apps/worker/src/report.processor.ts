import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, Optional } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { NotFoundError } from '@app/tracking';
import { ReportBuilder, REPORT_QUEUE, type ReportJobData, type ReportJobResult } from '@app/reporting/jobs';
import { WorkerMetrics } from './metrics/worker-metrics';

/** Builds year-end reports; transient faults retry with backoff, an unknown department fails for good. */
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

  async process(job: Job<ReportJobData>): Promise<ReportJobResult> {
    const timer = this.metrics?.reportBuilds.startTimer();
    try {
      const reportId = await this.builder.build(job.data, (percent) => job.updateProgress(percent));
      timer?.({ outcome: 'ok' });
      this.logger.log(`built ${reportId} (job ${job.id}, attempt ${job.attemptsMade + 1})`);
      return { reportId };
    } catch (error) {
      timer?.({ outcome: 'failed' });
      if (error instanceof NotFoundError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
