import { Module } from '@nestjs/common';
import { TrackingModule } from '@app/tracking';
import { SangongFiguresController, SangongRecordsController } from './sangong.controller';

/** The 三公 routes: records (record, amend, withdraw, restore, list, history) and the figures of a year. */
@Module({
  imports: [TrackingModule],
  controllers: [SangongRecordsController, SangongFiguresController],
})
export class SangongApiModule {}
