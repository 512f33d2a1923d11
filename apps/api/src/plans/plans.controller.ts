import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
  IntersectionType,
  PickType,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ActivityQueryDto } from '../activities/activity.dto';
import { IsOptional } from 'class-validator';
import { ChangePlan, CopyPlan, TrackingQueries } from '@app/tracking';
import type { CommandMeta, PlanChange } from '@app/tracking';
import { etag, IfMatch, Meta } from '../http/command-context';
import { IsQueryDate } from '../http/dates';
import { DepartmentCodePipe, YearPipe } from '../http/params';
import { Allow } from '../auth/access.decorators';
import { PLAN_CHANGE_BODY_MODELS, PLAN_CHANGE_BODY_SCHEMA, PLAN_REF_MODELS } from './plan-change.dto';
import { PlanChangePipe } from './plan-change.pipe';
import { ProgressQueryDto, ProgressViewDto, WarningsPageDto, WarningsQueryDto } from './progress.dto';
import { scorePreview } from './score-preview';

const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Repeat a command safely: the first result is returned' };
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag of the plan version read (GET …/plan); a stale one gets 409 with the current version',
};

class ScorePreviewQueryDto {
  @ApiPropertyOptional({
    example: '2023-06-30',
    description: 'The day scored (default: today in the department’s time zone, within the year)',
  })
  @IsOptional()
  @IsQueryDate()
  asOf?: string;
}

/** The drill-down takes the activity list's filters and paging. */
class DrillDownQueryDto extends IntersectionType(
  ProgressQueryDto,
  PickType(ActivityQueryDto, ['month', 'role', 'q', 'page', 'pageSize'] as const),
) {}

@ApiTags('plans and progress')
@ApiExtraModels(...PLAN_CHANGE_BODY_MODELS, ...PLAN_REF_MODELS)
@Controller('api/departments/:department/years/:year')
export class PlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: TrackingQueries,
  ) {}

  @Get('plan')
  @Allow('any')
  @ApiOperation({ summary: 'Measures, key-work items, goals, targets (with revisions), budgets, 三公, measurements, deductions' })
  @ApiResponse({ status: 200, description: 'The plan; its ETag is the plan stream’s version, for If-Match' })
  async plan(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('year', YearPipe) year: number,
    @Res({ passthrough: true }) response: Response,
  ) {
    const plan = await this.queries.plan(department, year);
    response.setHeader('ETag', etag(plan.version));
    return plan;
  }

  @Get('plan/score-preview')
  @Allow('any')
  @ApiOperation({
    summary: 'The self-evaluation scores the plan would give today (预计得分), by the year-end report’s rules',
    description:
      '`department` (整体绩效自评表) and `projects` (项目自评表): budget execution, each goal’s computed score, deductions, final score and total, over the progress as of `asOf`; `planVersion` is the plan version scored.',
  })
  @ApiResponse({ status: 200, description: '{ asOf, planVersion, department, projects }' })
  preview(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('year', YearPipe) year: number,
    @Query() query: ScorePreviewQueryDto,
  ) {
    return scorePreview(this.queries, department, year, query.asOf);
  }

  @Post('plan/changes')
  @Allow('reporter')
  @ApiOperation({
    summary: 'Change the plan: define a measure, set or revise a target, record a measurement, a budget, a deduction…',
    description: 'The body is `{ kind, change }`; the fields of `change` depend on `kind` (one schema per kind).',
  })
  @ApiBody({ schema: PLAN_CHANGE_BODY_SCHEMA })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 201, description: 'The plan’s new version, also as the ETag' })
  @ApiResponse({ status: 400, description: 'errors: [{ field, reason }]; an unknown kind names `kind` and the kinds allowed' })
  @ApiResponse({ status: 409, description: 'If-Match names a version that is no longer current (currentVersion in the body)' })
  async change(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('year', YearPipe) year: number,
    @Body(PlanChangePipe) change: PlanChange,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.execute(new ChangePlan(department, year, change, meta, expected));
    response.setHeader('ETag', etag(result.version));
    if (result.duplicate) response.setHeader('Idempotent-Replayed', 'true');
    return { version: result.version };
  }

  @Post('plan/copy-from/:from')
  @Allow('reporter')
  @ApiOperation({
    summary: 'Start this year’s plan from another year’s (下一年沿用上年)',
    description:
      'Copies the measures, key-work items (with milestones), projects, goals and targets with their labels and 分值 that this year does not have yet; copied targets are marked carriedOver (沿用上年) until confirmed (`confirm-target`, optionally with a new value). Budgets, measurements, 三公 and deductions are not copied. Idempotent: a second copy adds nothing.',
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({
    status: 201,
    description: '{ version, duplicate }: the plan’s version (also the ETag); duplicate when this copy had been made before',
  })
  @ApiResponse({ status: 400, description: 'The year copied from has no plan, or is this year' })
  async copyFrom(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('year', YearPipe) year: number,
    @Param('from', YearPipe) from: number,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.execute(new CopyPlan(department, year, from, meta, expected));
    response.setHeader('ETag', etag(result.version));
    if (result.duplicate) response.setHeader('Idempotent-Replayed', 'true');
    return { version: result.version, duplicate: result.duplicate };
  }

  @Get('progress')
  @Allow('any')
  @ApiOperation({ summary: 'Each measure against each target, with pace; as of a date or as known at a time' })
  @ApiProduces('application/json')
  @ApiResponse({
    status: 200,
    type: ProgressViewDto,
    description: 'The progress view, with an ETag; warnings counted by kind with a few examples (the rest: GET …/warnings)',
  })
  @ApiResponse({ status: 304, description: 'If-None-Match names the current ETag: the view has not changed' })
  async progress(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('year', YearPipe) year: number,
    @Query() query: ProgressQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    // The text is sent as it is: express answers 304 itself when If-None-Match names this ETag.
    const { json, etag } = await this.queries.progressBody(department, year, query);
    response.setHeader('ETag', etag);
    response.type('application/json');
    return json;
  }

  @Get('progress/:measure/activities')
  @Allow('any')
  @ApiOperation({ summary: 'The activities behind a figure (drill-down), paged' })
  drillDown(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('year', YearPipe) year: number,
    @Param('measure', DepartmentCodePipe) measure: string,
    @Query() query: DrillDownQueryDto,
  ) {
    return this.queries.drillDown(department, year, measure, {
      asOf: query.asOf,
      month: query.month,
      role: query.role,
      text: query.q,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 50,
    });
  }

  @Get('warnings')
  @Allow('any')
  @ApiOperation({
    summary: 'Warnings of the year, as of a date and as known at a time like progress',
    description:
      'Data quality (conflicting targets, duplicates…) and what matters at the year end: targets 未完成 or 滞后 without a 偏差分析, ' +
      'activities recorded long after they happened (the department’s lateEntryDays; 补录 and imports exempt), records moved out of the year; ' +
      'then the 三公 ones. Paged (100 a page unless `pageSize` says otherwise), of one `kind` or all: the progress view carries only ' +
      'their counts and first few by kind.',
  })
  @ApiResponse({ status: 200, type: WarningsPageDto })
  warnings(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('year', YearPipe) year: number,
    @Query() query: WarningsQueryDto,
  ) {
    return this.queries.warnings(department, year, {
      asOf: query.asOf,
      knownAt: query.knownAt,
      kind: query.kind,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 100,
    });
  }

  @Get('targets/:targetId/history')
  // Staff see what happened to what they logged; leaders read everything; auditors audit.
  @Allow('any')
  @ApiOperation({ summary: 'Every event of a target: set, revised, removed' })
  targetHistory(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('year', YearPipe) year: number,
    @Param('targetId', DepartmentCodePipe) targetId: string,
  ) {
    return this.queries.targetHistory(department, year, targetId);
  }
}
