import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ConfigModule } from '../../../libs/config/src/config.module';
import { DatabaseModule } from '../../../libs/database/src/database.module';
import { EventStoreModule } from '../../../libs/event-store/src/event-store.module';
import { DatasetImporter } from '../../../libs/tracking/src/import/importer';
import { TrackingModule } from '../../../libs/tracking/src/tracking.module';
import { ReportingModule } from '../../../libs/reporting/src/jobs/reporting.module';

/** The same modules as the api, without HTTP: commands go through the same CommandBus. */
@Module({
  imports: [ConfigModule, CqrsModule.forRoot(), DatabaseModule, EventStoreModule, TrackingModule, ReportingModule.register({ failFast: false })],
  providers: [DatasetImporter],
})
export class CliModule {}
