import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../../libs/config/src/app-config';
import { ConfigModule } from '../../../libs/config/src/config.module';
import { DatabaseModule } from '../../../libs/database/src/database.module';
import { EventStoreModule } from '../../../libs/event-store/src/event-store.module';
import { ReportingModule } from '../../../libs/reporting/src/jobs/reporting.module';
import { ProjectionWorker } from './projection-worker.service';
import { ReportProcessor } from './report.processor';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.LOG_LEVEL } }) }),
    DatabaseModule,
    EventStoreModule,
    CqrsModule.forRoot(),
    ReportingModule.register({ failFast: false }),
  ],
  providers: [ProjectionWorker, ReportProcessor],
})
export class WorkerModule {}
