import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ApiMetrics } from './api-metrics';
import { CommandMetrics } from './command-metrics';
import { EventMetrics } from './event-metrics';
import { MetricsAccessGuard } from './metrics-access.guard';
import { MetricsController } from './metrics.controller';

/**
 * The api's Prometheus metrics: GET /metrics, command counts from the CommandBus, appended
 * events from the event store, request durations (httpMetrics, installed by configureApp).
 * Global, so that any part of the api can count what it sees (e.g. the login limiter's refusals).
 */
@Global()
@Module({
  imports: [AuthModule],
  controllers: [MetricsController],
  providers: [ApiMetrics, CommandMetrics, EventMetrics, MetricsAccessGuard],
  exports: [ApiMetrics],
})
export class MetricsModule {}
