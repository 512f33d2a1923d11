import { Module } from '@nestjs/common';
import { Clock, IdSource, RandomIdSource, SystemClock } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { AmendActivityHandler } from './commands/amend-activity/amend-activity.handler';
import { ApplyCatalogVersionHandler } from './commands/apply-catalog-version/apply-catalog-version.handler';
import { CatalogRegistry } from './catalogs/catalog-registry';
import { RelabelCategoryHandler } from './commands/relabel-category/relabel-category.handler';
import { RetireCategoryHandler } from './commands/retire-category/retire-category.handler';
import { AmendSangongHandler } from './commands/amend-sangong/amend-sangong.handler';
import { ChangeDepartmentSettingsHandler } from './commands/change-department-settings/change-department-settings.handler';
import { ChangePlanHandler } from './commands/change-plan/change-plan.handler';
import { CopyPlanHandler } from './commands/copy-plan/copy-plan.handler';
import { CommandRunner } from './commands/command-runner';
import { CreateDepartmentHandler } from './commands/create-department/create-department.handler';
import { DefineCategoryHandler } from './commands/define-category/define-category.handler';
import { DepartmentCache } from './commands/department-cache';
import { MoveActivityHandler } from './commands/move-activity/move-activity.handler';
import { RecordActivityHandler } from './commands/record-activity/record-activity.handler';
import { RecordSangongHandler } from './commands/record-sangong/record-sangong.handler';
import { RenameDepartmentHandler } from './commands/rename-department/rename-department.handler';
import { RestoreActivityHandler } from './commands/restore-activity/restore-activity.handler';
import { RestoreSangongHandler } from './commands/restore-sangong/restore-sangong.handler';
import { WithdrawActivityHandler } from './commands/withdraw-activity/withdraw-activity.handler';
import { WithdrawSangongHandler } from './commands/withdraw-sangong/withdraw-sangong.handler';
import { ActivityHistory } from './queries/activity-history/activity-history.query';
import { DrillDown } from './queries/drill-down/drill-down.query';
import { GetAggregates } from './queries/get-aggregates/get-aggregates.query';
import { GetActivity } from './queries/get-activity/get-activity.query';
import { GetDepartment } from './queries/get-department/get-department.query';
import { GetPlan } from './queries/get-plan/get-plan.query';
import { PlanHistory } from './queries/plan-history/plan-history.query';
import { GetProgress } from './queries/get-progress/get-progress.query';
import { ListActivities } from './queries/list-activities/list-activities.query';
import { ReadModels } from './queries/read-models';
import { SangongReadModels } from './queries/sangong/sangong-read-models';
import { SangongQueries } from './queries/sangong/sangong.queries';
import { TargetHistory } from './queries/target-history/target-history.query';
import { TrackingQueries } from './queries/tracking-queries';
import { ListWarnings } from './queries/warnings/warnings.query';
import { Streams } from './streams';
import { TRACKING_UPCASTERS } from './upcasters';

/**
 * The tracking domain's command handlers and queries (needs EventStoreModule and DatabaseModule);
 * registers the domain's upcasters with the application's event store.
 */
@Module({
  imports: [EventStoreModule.forFeature(TRACKING_UPCASTERS)],
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: IdSource, useClass: RandomIdSource },
    Streams,
    DepartmentCache,
    CommandRunner,
    ReadModels,
    GetDepartment,
    GetProgress,
    GetPlan,
    ListWarnings,
    ListActivities,
    GetActivity,
    DrillDown,
    ActivityHistory,
    TargetHistory,
    GetAggregates,
    PlanHistory,
    TrackingQueries,
    RecordActivityHandler,
    AmendActivityHandler,
    MoveActivityHandler,
    WithdrawActivityHandler,
    RestoreActivityHandler,
    CreateDepartmentHandler,
    RenameDepartmentHandler,
    DefineCategoryHandler,
    CatalogRegistry,
    ApplyCatalogVersionHandler,
    RelabelCategoryHandler,
    RetireCategoryHandler,
    ChangeDepartmentSettingsHandler,
    ChangePlanHandler,
    CopyPlanHandler,
    SangongReadModels,
    SangongQueries,
    RecordSangongHandler,
    AmendSangongHandler,
    WithdrawSangongHandler,
    RestoreSangongHandler,
  ],
  exports: [Streams, ReadModels, TrackingQueries, CatalogRegistry, SangongReadModels, SangongQueries, Clock, IdSource],
})
export class TrackingModule {}
