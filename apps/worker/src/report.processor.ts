import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { NotFoundError } from '@app/tracking';
import { ReportBuilder, REPORT_QUEUE, type ReportJobData, type ReportJobResult } from '@app/reporting/jobs';

/** Builds year-end reports; transient faults retry with backoff, an unknown department fails for good. */
@Processor(REPORT_QUEUE, { concurrency: 2 })
export class ReportProcessor extends WorkerHost {
  private readonly logger = new Logger('reports');

  constructor(private readonly builder: ReportBuilder) {
    super();
  }

  async process(job: Job<ReportJobData>): Promise<ReportJobResult> {
    try {
      const reportId = await this.builder.build(job.data, (percent) => job.updateProgress(percent));
      this.logger.log(`built ${reportId} (job ${job.id}, attempt ${job.attemptsMade + 1})`);
      return { reportId };
    } catch (error) {
      if (error instanceof NotFoundError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
