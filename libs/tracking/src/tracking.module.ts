import { Module } from '@nestjs/common';
import { Clock, IdSource, RandomIdSource, SystemClock } from '@app/config';
import {
  AmendActivityHandler,
  MoveActivityHandler,
  RecordActivityHandler,
  RestoreActivityHandler,
  WithdrawActivityHandler,
} from './commands/activity.handlers';
import {
  ChangePlanHandler,
  CreateDepartmentHandler,
  DefineCategoryHandler,
  RenameDepartmentHandler,
} from './commands/department-and-plan.handlers';
import { ReadModels } from './queries/read-models';
import { TrackingQueries } from './queries/tracking-queries';
import { Streams } from './streams';

/** The tracking domain's command handlers and queries (needs EventStoreModule and DatabaseModule). */
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: IdSource, useClass: RandomIdSource },
    Streams,
    ReadModels,
    TrackingQueries,
    RecordActivityHandler,
    AmendActivityHandler,
    MoveActivityHandler,
    WithdrawActivityHandler,
    RestoreActivityHandler,
    CreateDepartmentHandler,
    RenameDepartmentHandler,
    DefineCategoryHandler,
    ChangePlanHandler,
  ],
  exports: [Streams, ReadModels, TrackingQueries, Clock, IdSource],
})
export class TrackingModule {}
