import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
  IntersectionType,
  PickType,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ActivityQueryDto } from '../activities/activity.dto';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ChangePlan, TrackingQueries } from '@app/tracking';
import type { PlanChange, CommandMeta } from '@app/tracking';
import { IfMatch, Meta } from '../http/command-context';
import { DepartmentCodePipe, YearPipe } from '../http/params';
import { Allow } from '../auth/access.decorators';

const PLAN_CHANGE_KINDS = [
  'define-measure',
  'set-key-work-item',
  'remove-key-work-item',
  'define-project',
  'set-goal',
  'set-target',
  'revise-target',
  'remove-target',
  'record-measurement',
  'set-budget',
  'set-sangong',
  'record-score-adjustment',
  'withdraw-score-adjustment',
  'set-deviation-analysis',
] as const;

class PlanChangeDto {
  @ApiProperty({ enum: PLAN_CHANGE_KINDS, example: 'revise-target' })
  @IsIn(PLAN_CHANGE_KINDS)
  kind: PlanChange['kind'];

  @ApiProperty({
    description: 'The change itself; its fields depend on kind (see docs/dataset-format.md)',
    example: { targetId: 'kw-1-major-events', value: 6, reason: '年中预算调整，目标上调' },
  })
  @IsObject()
  change: Record<string, unknown>;
}

class ProgressQueryDto {
  @ApiPropertyOptional({ example: '2023-06-30', description: 'Only what had happened by this date' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date YYYY-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({ example: '2023-07-15T00:00:00+08:00', description: 'Only what the system knew at this time' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  knownAt?: string;
}

/** The drill-down takes the activity list's filters and paging. */
class DrillDownQueryDto extends IntersectionType(
  ProgressQueryDto,
  PickType(ActivityQueryDto, ['month', 'role', 'q', 'page', 'pageSize'] as const),
) {}

@ApiTags('plans and progress')
@Controller('api/departments/:department/years/:year')
export class PlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: TrackingQueries,
  ) {}

  @Get('plan')
  @Allow('any')
  @ApiOperation({ summary: 'Measures, key-work items, goals, targets (with revisions), budgets, 三公, measurements, deductions' })
  plan(@Param('department', DepartmentCodePipe) department: string, @Param('year', YearPipe) year: number) {
    return this.queries.plan(department, year);
  }

  @Post('plan/changes')
  @Allow('reporter')
  @ApiOperation({ summary: 'Change the plan: define a measure, set or revise a target, record a measurement, a budget, a deduction…' })
  async change(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('year', YearPipe) year: number,
    @Body() body: PlanChangeDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
  ) {
    const change = { ...body.change, kind: body.kind } as PlanChange;
    const result = await this.commands.execute(new ChangePlan(department, year, change, meta, expected));
    return { version: result.version };
  }

  @Get('progress')
  @Allow('any')
  @ApiOperation({ summary: 'Each measure against each target, with pace; as of a date or as known at a time' })
  @ApiProduces('application/json')
  @ApiResponse({ status: 200, description: 'The progress view, with an ETag' })
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
  @ApiOperation({ summary: 'Data-quality warnings of the year' })
  warnings(@Param('department', DepartmentCodePipe) department: string, @Param('year', YearPipe) year: number) {
    return this.queries.warnings(department, year);
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
