/**
 * The worker's report processor without Nest, for the crash test: a BullMQ worker on the reports
 * queue that builds with ReportBuilder. REPORT_BUILD_DELAY_MS holds each job mid-build (after it
 * has reported progress) so the test can SIGKILL it there. Short locks make a killed job stall fast.
 */
import 'reflect-metadata';
import { UnrecoverableError, Worker } from 'bullmq';
import { loadConfig, SystemClock } from '@app/config';
import { createPool, installationId } from '@app/database';
import { EventStore, upcasters } from '@app/event-store';
import { ReportBuilder, REPORT_QUEUE, reportQueuePrefix, type ReportJobData, type ReportJobResult, ReportStore } from '@app/reporting/jobs';
import { NotFoundError, ReadModels, SangongReadModels, TRACKING_UPCASTERS } from '@app/tracking';

async function main(): Promise<void> {
  const pool = createPool(process.env.DATABASE_URL!, 5);
  // Outside Nest: the domain's upcasters are passed here (TrackingModule registers them in the apps).
  const store = new EventStore(pool, upcasters(TRACKING_UPCASTERS));
  const builder = new ReportBuilder(
    pool,
    store,
    new ReadModels(pool, store),
    new SangongReadModels(pool, store),
    new ReportStore(pool),
    new SystemClock(),
    loadConfig(),
  );
  const delay = Number(process.env.REPORT_BUILD_DELAY_MS ?? 0);
  const worker = new Worker<ReportJobData, ReportJobResult>(
    REPORT_QUEUE,
    async (job) => {
      await job.updateProgress(5);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        return { reportId: await builder.build(job.data, (p) => job.updateProgress(p)) };
      } catch (error) {
        if (error instanceof NotFoundError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    {
      connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', maxRetriesPerRequest: null },
      prefix: reportQueuePrefix(process.env.QUEUE_PREFIX ?? 'keywork', await installationId(pool)),
      lockDuration: 1500,
      stalledInterval: 500,
    },
  );
  await worker.waitUntilReady();
  console.log('report worker started');
  process.once(
    'SIGTERM',
    () =>
      void worker
        .close()
        .then(() => pool.end())
        .then(() => process.exit(0)),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
