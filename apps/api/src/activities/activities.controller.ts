import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AmendActivity, MoveActivity, RecordActivity, RestoreActivity, WithdrawActivity, type ActivityResult } from '@app/tracking';
import { TrackingQueries } from '@app/tracking';
import type { CommandMeta } from '@app/tracking';
import { etag, IfMatch, Meta } from '../http/command-context';
import { DepartmentCodePipe } from '../http/params';
import { ActivityQueryDto, AmendActivityDto, MoveActivityDto, OptionalReasonDto, ReasonDto, RecordActivityDto } from './activity.dto';
import { Allow } from '../auth/access.decorators';

const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Repeat a command safely: the same key (per user and department) with the same request returns the first result; ' +
    'with another request 422 COMMAND.KEY_REUSED',
};
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag of the version read; a stale one gets 409 with the current version',
};

@ApiTags('activities')
@Controller('api/departments/:department/activities')
export class ActivitiesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: TrackingQueries,
  ) {}

  @Post()
  @Allow('staff')
  @ApiOperation({ summary: 'Record an activity (活动登记)' })
  @ApiHeader(IDEMPOTENCY)
  async record(
    @Param('department', DepartmentCodePipe) department: string,
    @Body() body: RecordActivityDto,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.execute(
      new RecordActivity(
        department,
        {
          category: body.category,
          title: body.title,
          occurredOn: body.occurredOn,
          role: body.role,
          attributes: body.attributes ?? {},
          parentId: body.parentId ?? null,
          alsoCountsFor: body.alsoCountsFor ?? [],
          notes: body.notes ?? null,
          ...(body.backfill ? { backfill: true } : {}),
        },
        meta,
      ),
    );
    return this.answer(response, result);
  }

  @Get()
  @Allow('any')
  @ApiOperation({ summary: 'List activities: filter by year, category, month, role, text, milestone; paged' })
  list(@Param('department', DepartmentCodePipe) department: string, @Query() query: ActivityQueryDto) {
    return this.queries.activities(department, {
      year: query.year,
      category: query.category,
      month: query.month,
      role: query.role,
      text: query.q,
      status: query.status ?? 'active',
      milestone: query.milestone,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 50,
    });
  }

  @Get(':id')
  @Allow('any')
  @ApiOperation({ summary: 'One activity; its ETag is the version for If-Match' })
  async get(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const activity = await this.queries.activity(department, id);
    response.setHeader('ETag', etag(activity.version));
    return activity;
  }

  @Get(':id/history')
  // Staff see what happened to what they logged; leaders read everything; auditors audit.
  @Allow('any')
  @ApiOperation({ summary: 'Every event of the activity: who, when, what changed' })
  history(@Param('department', DepartmentCodePipe) department: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.activityHistory(department, id);
  }

  @Patch(':id')
  @Allow('staff')
  @ApiOperation({
    summary: 'Amend any field (the old values stay in the history)',
    description: 'A date in another year is refused (400 naming occurredOn, the reason in Chinese) unless `moveToYear: true`.',
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  async amend(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AmendActivityDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { moveToYear, ...changes } = body;
    const result = await this.commands.execute(new AmendActivity(department, id, changes, expected, meta, { moveToYear }));
    return this.answer(response, result);
  }

  @Post(':id/move')
  @Allow('staff')
  @ApiOperation({
    summary: 'Move the activity to another category',
    description:
      'Every attribute the target category also defines (same key, compatible type) is kept; `attributes` adds or replaces ' +
      'values (null clears one). The moved event names the attributes dropped (`dropped`).',
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  async move(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: MoveActivityDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commands.execute(
      new MoveActivity(department, id, body.category, body.attributes ?? {}, body.reason ?? null, expected, meta),
    );
    return this.answer(response, result);
  }

  @Post(':id/withdraw')
  @Allow('staff')
  @ApiOperation({ summary: 'Withdraw with a reason (it stops counting; the history keeps it)' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  async withdraw(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReasonDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.answer(response, await this.commands.execute(new WithdrawActivity(department, id, body.reason, expected, meta)));
  }

  @Post(':id/restore')
  @Allow('staff')
  @ApiOperation({ summary: 'Restore a withdrawn activity' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  async restore(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: OptionalReasonDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.answer(response, await this.commands.execute(new RestoreActivity(department, id, body.reason ?? null, expected, meta)));
  }

  private answer(response: Response, result: ActivityResult) {
    response.setHeader('ETag', etag(result.version));
    if (result.duplicate) response.setHeader('Idempotent-Replayed', 'true');
    return { activityId: result.activityId, version: result.version };
  }
}
