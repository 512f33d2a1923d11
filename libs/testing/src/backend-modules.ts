import { CqrsModule } from '@nestjs/cqrs';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { ReportingModule } from '@app/reporting/jobs';
import { DatasetImporter, TrackingModule } from '@app/tracking';
import { Module } from '@nestjs/common';

/**
 * The modules every process of the system runs (as the cli does), without HTTP, for library tests;
 * exported, so that a test module importing it can add a provider of an app (the worker's processor).
 */
@Module({
  imports: [
    ConfigModule,
    CqrsModule.forRoot(),
    DatabaseModule,
    EventStoreModule,
    TrackingModule,
    ReportingModule.register({ failFast: false }),
  ],
  providers: [DatasetImporter],
  exports: [ConfigModule, DatabaseModule, EventStoreModule, TrackingModule, ReportingModule, DatasetImporter],
})
export class BackendTestModule {}
