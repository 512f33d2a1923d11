import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ConfigModule } from '../../../libs/config/src/config.module';
import { DatabaseModule } from '../../../libs/database/src/database.module';
import { EventStoreModule } from '../../../libs/event-store/src/event-store.module';
import { TrackingModule } from '../../../libs/tracking/src/tracking.module';
import { ActivitiesController } from './activities/activities.controller';
import { DepartmentsController } from './departments/departments.controller';
import { HealthController } from './health/health.controller';
import { requestLogging } from './http/request-logging';
import { RedisHealth } from './health/redis-health';
import { PlansController } from './plans/plans.controller';
import { SangongApiModule } from './sangong/sangong.module';
import { ReportsController } from './reports/reports.controller';
import { AuthModule } from './auth/auth.module';
import { WebModule } from './web/web.module';
import { MetaController } from './meta/meta.controller';
import { ReportingModule } from '../../../libs/reporting/src/jobs/reporting.module';
import { QueueAdminModule } from './reports/queue-admin.module';

@Module({
  imports: [
    ConfigModule,
    requestLogging(),
    CqrsModule.forRoot(),
    DatabaseModule,
    EventStoreModule,
    TrackingModule,
    SangongApiModule,
    ReportingModule.register({ failFast: true }),
    QueueAdminModule,
    AuthModule,
    WebModule,
  ],
  controllers: [DepartmentsController, ActivitiesController, PlansController, ReportsController, HealthController, MetaController],
  providers: [RedisHealth],
})
export class AppModule {}
