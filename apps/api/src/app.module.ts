import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../../libs/config/src/app-config';
import { ConfigModule } from '../../../libs/config/src/config.module';
import { DatabaseModule } from '../../../libs/database/src/database.module';
import { EventStoreModule } from '../../../libs/event-store/src/event-store.module';
import { TrackingModule } from '../../../libs/tracking/src/tracking.module';
import { ActivitiesController } from './activities/activities.controller';
import { DepartmentsController } from './departments/departments.controller';
import { HealthController } from './health/health.controller';
import { RedisHealth } from './health/redis-health';
import { PlansController } from './plans/plans.controller';
import { ReportsController } from './reports/reports.controller';
import { AuthModule } from './auth/auth.module';
import { WebModule } from './web/web.module';
import { MetaController } from './meta/meta.controller';
import { ReportingModule } from '../../../libs/reporting/src/jobs/reporting.module';
import { QueueAdminModule } from './reports/queue-admin.module';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          autoLogging: { ignore: (req) => req.url === '/health' },
          // Tokens never reach the logs: not in headers, not in the ?access_token= of SSE and Bull Board.
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.query.access_token', 'res.headers["set-cookie"]'],
          serializers: {
            req: (req: { url?: string }) => ({ ...req, url: req.url?.replace(/([?&]access_token=)[^&]*/g, '$1[redacted]') }),
          },
        },
      }),
    }),
    CqrsModule.forRoot(),
    DatabaseModule,
    EventStoreModule,
    TrackingModule,
    ReportingModule.register({ failFast: true }),
    QueueAdminModule,
    AuthModule,
    WebModule,
  ],
  controllers: [DepartmentsController, ActivitiesController, PlansController, ReportsController, HealthController, MetaController],
  providers: [RedisHealth],
})
export class AppModule {}
