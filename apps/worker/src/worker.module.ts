import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../../libs/config/src/app-config';
import { ConfigModule } from '../../../libs/config/src/config.module';
import { DatabaseModule } from '../../../libs/database/src/database.module';
import { EventStoreModule } from '../../../libs/event-store/src/event-store.module';
import { ProjectionWorker } from './projection-worker.service';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.LOG_LEVEL } }) }),
    DatabaseModule,
    EventStoreModule,
  ],
  providers: [ProjectionWorker],
})
export class WorkerModule {}
