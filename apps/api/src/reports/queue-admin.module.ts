import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { REPORT_QUEUE } from '@app/reporting/jobs';
import { AuthModule } from '../auth/auth.module';
import { QueueAdminAccess } from '../auth/queue-admin-access.middleware';

const ROUTE = '/admin/queues';

/**
 * Bull Board for operators at /admin/queues, admins only. Mounted as Nest middleware (what
 * @bull-board/nestjs does) without that package: it is CommonJS requiring ESM-only Nest, which
 * Jest cannot load on Node 20.
 */
@Module({ imports: [BullModule.registerQueue({ name: REPORT_QUEUE }), AuthModule] })
export class QueueAdminModule implements NestModule {
  constructor(@InjectQueue(REPORT_QUEUE) private readonly queue: Queue) {}

  configure(consumer: MiddlewareConsumer): void {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(ROUTE);
    createBullBoard({ queues: [new BullMQAdapter(this.queue)], serverAdapter });
    consumer.apply(QueueAdminAccess, serverAdapter.getRouter()).forRoutes(ROUTE);
  }
}
