import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { ReportingModule } from '@app/reporting/jobs';
import { ProjectionWorker } from './projection-worker.service';
import { ReportProcessor } from './report.processor';
import { WorkerMetrics } from './metrics/worker-metrics';
import { WorkerMetricsServer } from './metrics/worker-metrics-server';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.LOG_LEVEL } }) }),
    DatabaseModule,
    EventStoreModule,
    CqrsModule.forRoot(),
    ReportingModule.register({ failFast: false }),
  ],
  providers: [ProjectionWorker, ReportProcessor, WorkerMetrics, WorkerMetricsServer],
})
export class WorkerModule {}
