import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '@app/config';
import { installationId } from '@app/database';
import { TrackingModule } from '@app/tracking';
import { ReportBuilder } from './report-builder.service';
import { REPORT_QUEUE, reportQueuePrefix } from './report-job';
import { ReportRequests } from './report-requests';
import { ReportStore } from './report-store';

/**
 * The report queue and what builds and stores reports. `failFast` (the api) makes enqueueing
 * fail at once while Redis is down instead of waiting for it, so requests get a clear 503, and
 * reconnects promptly once it is back. The queue's keys are prefixed with the database's
 * installation id (read once at boot), so the processes of one installation share one queue
 * and no other installation's: a database created again needs its processes restarted.
 */
@Module({})
export class ReportingModule {
  static register(options: { failFast: boolean }) {
    return {
      module: ReportingModule,
      imports: [
        TrackingModule,
        BullModule.forRootAsync({
          inject: [AppConfig, Pool],
          useFactory: async (config: AppConfig, pool: Pool) => ({
            prefix: reportQueuePrefix(config.QUEUE_PREFIX, await installationId(pool)),
            connection: options.failFast
              ? {
                  url: config.REDIS_URL,
                  enableOfflineQueue: false,
                  maxRetriesPerRequest: 1,
                  connectTimeout: 2000,
                  // Try again every second while Redis is away (BullMQ's default backs off to 20 s), so
                  // report requests work again as soon as it is back.
                  retryStrategy: () => 1000,
                }
              : { url: config.REDIS_URL, maxRetriesPerRequest: null },
          }),
        }),
        BullModule.registerQueue({ name: REPORT_QUEUE }),
      ],
      providers: [ReportStore, ReportBuilder, ReportRequests],
      exports: [ReportStore, ReportBuilder, ReportRequests, BullModule, TrackingModule],
    };
  }
}
