import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { REPORT_QUEUE } from '../../../../libs/reporting/src/jobs/report-job';

/** Bull Board for operators at /admin/queues. */
@Module({
  imports: [
    BullBoardModule.forRoot({ route: '/admin/queues', adapter: ExpressAdapter }),
    BullBoardModule.forFeature({ name: REPORT_QUEUE, adapter: BullMQAdapter }),
  ],
})
export class QueueAdminModule {}
