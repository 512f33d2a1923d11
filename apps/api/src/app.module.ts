import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { TrackingModule } from '@app/tracking';
import { ActivitiesController } from './activities/activities.controller';
import { DepartmentsController } from './departments/departments.controller';
import { CatalogsController } from './departments/catalogs.controller';
import { HealthController } from './health/health.controller';
import { requestLogging } from './http/request-logging';
import { RedisHealth } from './health/redis-health';
import { PlansController } from './plans/plans.controller';
import { SangongApiModule } from './sangong/sangong.module';
import { ReportsController } from './reports/reports.controller';
import { AuthModule } from './auth/auth.module';
import { WebModule } from './web/web.module';
import { MetaController } from './meta/meta.controller';
import { ReportingModule } from '@app/reporting/jobs';
import { QueueAdminModule } from './reports/queue-admin.module';
import { ImportsModule } from './imports/imports.module';
import { MetricsModule } from './metrics/metrics.module';

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
    ImportsModule,
    MetricsModule,
  ],
  controllers: [
    DepartmentsController,
    CatalogsController,
    ActivitiesController,
    PlansController,
    ReportsController,
    HealthController,
    MetaController,
  ],
  providers: [RedisHealth],
})
export class AppModule {}
