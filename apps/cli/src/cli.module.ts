import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { DatasetImporter, SpreadsheetImporter, TrackingModule } from '@app/tracking';
import { ReportingModule } from '@app/reporting/jobs';

/** The same modules as the api, without HTTP: commands go through the same CommandBus. */
@Module({
  imports: [
    ConfigModule,
    CqrsModule.forRoot(),
    DatabaseModule,
    EventStoreModule,
    TrackingModule,
    ReportingModule.register({ failFast: false }),
  ],
  providers: [DatasetImporter, SpreadsheetImporter],
})
export class CliModule {}
