import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Injectable,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
  type PipeTransform,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { isAdmin, ALL_DEPARTMENTS, type RequestUser } from '@app/accounts';
import {
  AmendSangong,
  RecordSangong,
  RestoreSangong,
  SANGONG_KINDS,
  SangongQueries,
  Streams,
  WithdrawSangong,
  sangongChangesFromInput,
  sangongFieldsFromInput,
  sangongRecorderOf,
  type CommandMeta,
  type SangongInput,
  type SangongKind,
  type SangongRecordKind,
  type SangongResult,
} from '@app/tracking';
import { Allow, CurrentUser } from '../auth/access.decorators';
import { forbidden } from '../auth/access.guard';
import { etag, IfMatch, Meta } from '../http/command-context';
import { DepartmentCodePipe, YearPipe } from '../http/params';
import {
  AmendReceptionDto,
  AmendSummaryDto,
  AmendTripDto,
  AmendVehicleCostDto,
  AmendVehicleDto,
  RecordReceptionDto,
  RecordSummaryDto,
  RecordTripDto,
  RecordVehicleCostDto,
  RecordVehicleDto,
  SangongDrillDownQueryDto,
  SangongListQueryDto,
  SangongOptionalReasonDto,
  SangongReasonDto,
  SangongViewQueryDto,
} from './sangong.dto';

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
const CREATED = { status: 201, description: '{ recordId, version }, the version also as the ETag' };
const INVALID = { status: 400, description: 'errors: [{ field, reason }] (reasons in Chinese); nothing written' };
const STALE = { status: 409, description: 'If-Match names a version that is no longer current (currentVersion in the body)' };
const WHO = 'Needs the staff or finance role in the department; where its setting sangongRecorder is finance, the finance role (财务人员).';

/** `:line` of a drill-down: one of the four lines of the 公开 09 表 (400 naming `line` otherwise). */
@Injectable()
export class SangongLinePipe implements PipeTransform<string, SangongKind> {
  transform(value: string): SangongKind {
    if (!(SANGONG_KINDS as readonly string[]).includes(value)) {
      const reason = `必须是 ${SANGONG_KINDS.join('、')} 之一`;
      throw new BadRequestException({ error: 'VALIDATION.FAILED', message: `line: ${reason}`, errors: [{ field: 'line', reason }] });
    }
    return value as SangongKind;
  }
}

/**
 * 三公 records of a department: trips abroad, reception batches, vehicle changes and cost postings,
 * summary records. Each is a stream of its own, corrected like an activity (If-Match, Idempotency-Key,
 * amend / withdraw / restore with a reason, a history).
 */
@ApiTags('三公')
@Controller('api/departments/:department/sangong')
export class SangongRecordsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: Streams,
    private readonly sangong: SangongQueries,
  ) {}

  @Post('trips')
  @Allow('staff', 'finance')
  @ApiOperation({ summary: 'Record a trip abroad (因公出国（境）团组)', description: WHO })
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse(CREATED)
  @ApiResponse(INVALID)
  recordTrip(
    @Param('department', DepartmentCodePipe) d: string,
    @Body() body: RecordTripDto,
    @Meta() meta: CommandMeta,
    @CurrentUser() user: RequestUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.record(d, 'trip', body, meta, user, res);
  }

  @Post('receptions')
  @Allow('staff', 'finance')
  @ApiOperation({ summary: 'Record a reception batch (公务接待)', description: WHO })
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse(CREATED)
  @ApiResponse(INVALID)
  recordReception(
    @Param('department', DepartmentCodePipe) d: string,
    @Body() body: RecordReceptionDto,
    @Meta() meta: CommandMeta,
    @CurrentUser() user: RequestUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.record(d, 'reception', body, meta, user, res);
  }

  @Post('vehicles')
  @Allow('staff', 'finance')
  @ApiOperation({ summary: 'Record a vehicle acquired or disposed of (公务用车登记)', description: WHO })
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse(CREATED)
  @ApiResponse(INVALID)
  recordVehicle(
    @Param('department', DepartmentCodePipe) d: string,
    @Body() body: RecordVehicleDto,
    @Meta() meta: CommandMeta,
    @CurrentUser() user: RequestUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.record(d, 'vehicle', body, meta, user, res);
  }

  @Post('vehicle-costs')
  @Allow('staff', 'finance')
  @ApiOperation({ summary: 'Record a vehicle cost posting: purchase or running (公务用车费用)', description: WHO })
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse(CREATED)
  @ApiResponse(INVALID)
  recordVehicleCost(
    @Param('department', DepartmentCodePipe) d: string,
    @Body() body: RecordVehicleCostDto,
    @Meta() meta: CommandMeta,
    @CurrentUser() user: RequestUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.record(d, 'vehicle-cost', body, meta, user, res);
  }

  @Post('summaries')
  @Allow('staff', 'finance')
  @ApiOperation({
    summary: 'Record a summary of a line over a period (汇总录入), where only totals are known',
    description: `${WHO} It counts from its period's end date.`,
  })
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse(CREATED)
  @ApiResponse(INVALID)
  recordSummary(
    @Param('department', DepartmentCodePipe) d: string,
    @Body() body: RecordSummaryDto,
    @Meta() meta: CommandMeta,
    @CurrentUser() user: RequestUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.record(d, 'summary', body, meta, user, res);
  }

  @Patch('trips/:id')
  @Allow('staff', 'finance')
  @ApiOperation({ summary: 'Amend a trip (the old values stay in its history)', description: WHO })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse(STALE)
  amendTrip(
    @Param('department', DepartmentCodePipe) d: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AmendTripDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @CurrentUser() user: RequestUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.amend(d, id, 'trip', body, expected, meta, user, res);
  }

  @Patch('receptions/:id')
  @Allow('staff', 'finance')
  @ApiOperation({ summary: 'Amend a reception batch', description: WHO })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse(STALE)
  amendReception(
    @Param('department', DepartmentCodePipe) d: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AmendReceptionDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @CurrentUser() user: RequestUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.amend(d, id, 'reception', body, expected, meta, user, res);
  }

  @Patch('vehicles/:id')
  @Allow('staff', 'finance')
  @ApiOperation({ summary: 'Amend a vehicle register entry', description: WHO })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse(STALE)
  amendVehicle(
    @Param('department', DepartmentCodePipe) d: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AmendVehicleDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @CurrentUser() user: RequestUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.amend(d, id, 'vehicle', body, expected, meta, user, res);
  }

  @Patch('vehicle-costs/:id')
  @Allow('staff', 'finance')
  @ApiOperation({ summary: 'Amend a vehicle cost posting', description: WHO })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse(STALE)
  amendVehicleCost(
    @Param('department', DepartmentCodePipe) d: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AmendVehicleCostDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @CurrentUser() user: RequestUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.amend(d, id, 'vehicle-cost', body, expected, meta, user, res);
  }

  @Patch('summaries/:id')
  @Allow('staff', 'finance')
  @ApiOperation({ summary: 'Amend a summary record', description: WHO })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse(STALE)
  amendSummary(
    @Param('department', DepartmentCodePipe) d: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AmendSummaryDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @CurrentUser() user: RequestUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.amend(d, id, 'summary', body, expected, meta, user, res);
  }

  @Post(':id/withdraw')
  @Allow('staff', 'finance')
  @ApiOperation({ summary: 'Withdraw a record with a reason (it stops counting; its history keeps it)', description: WHO })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse(STALE)
  async withdraw(
    @Param('department', DepartmentCodePipe) d: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SangongReasonDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @CurrentUser() user: RequestUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.mayRecord(d, user);
    return this.answer(res, await this.commands.execute(new WithdrawSangong(d, id, body.reason, expected, meta)));
  }

  @Post(':id/restore')
  @Allow('staff', 'finance')
  @ApiOperation({ summary: 'Restore a withdrawn record', description: WHO })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse(STALE)
  async restore(
    @Param('department', DepartmentCodePipe) d: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SangongOptionalReasonDto,
    @IfMatch() expected: number | undefined,
    @Meta() meta: CommandMeta,
    @CurrentUser() user: RequestUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.mayRecord(d, user);
    return this.answer(res, await this.commands.execute(new RestoreSangong(d, id, body.reason ?? null, expected, meta)));
  }

  @Get()
  @Allow('any')
  @ApiOperation({ summary: 'List 三公 records: filter by year, kind, line, status; paged (amounts in 万元)' })
  list(@Param('department', DepartmentCodePipe) d: string, @Query() query: SangongListQueryDto) {
    return this.sangong.list(d, {
      year: query.year,
      kind: query.kind,
      line: query.line,
      status: query.status ?? 'active',
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 50,
    });
  }

  @Get(':id')
  @Allow('any')
  @ApiOperation({ summary: 'One 三公 record; its ETag is the version for If-Match' })
  async get(
    @Param('department', DepartmentCodePipe) d: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const record = await this.sangong.record(d, id);
    res.setHeader('ETag', etag(record.version));
    return record;
  }

  @Get(':id/history')
  @Allow('any')
  @ApiOperation({ summary: 'Every event of a record: who (actor), when, what changed' })
  history(@Param('department', DepartmentCodePipe) d: string, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.sangong.history(d, id);
  }

  private async record(d: string, kind: SangongRecordKind, body: object, meta: CommandMeta, user: RequestUser, res: Response) {
    await this.mayRecord(d, user);
    const fields = sangongFieldsFromInput({ ...(body as SangongInput), kind });
    return this.answer(res, await this.commands.execute(new RecordSangong(d, fields, meta)));
  }

  private async amend(
    d: string,
    id: string,
    kind: SangongRecordKind,
    body: object,
    expected: number | undefined,
    meta: CommandMeta,
    user: RequestUser,
    res: Response,
  ) {
    await this.mayRecord(d, user);
    const changes = sangongChangesFromInput({ ...(body as SangongInput) });
    return this.answer(res, await this.commands.execute(new AmendSangong(d, id, kind, changes, expected, meta)));
  }

  /**
   * Where the department leaves 三公 to finance staff, only the finance role (or the admin) records
   * them. Read from the department's stream, not a read model that may lag its settings (an
   * unknown department is the command's 404).
   */
  private async mayRecord(department: string, user: RequestUser | undefined): Promise<void> {
    const found = await this.streams.department(department);
    if (!found || sangongRecorderOf(found) !== 'finance' || !user || isAdmin(user)) return;
    const finance = user.roles.some((r) => r.role === 'finance' && (r.department === department || r.department === ALL_DEPARTMENTS));
    if (!finance) throw forbidden();
  }

  private answer(res: Response, result: SangongResult) {
    res.setHeader('ETag', etag(result.version));
    if (result.duplicate) res.setHeader('Idempotent-Replayed', 'true');
    return { recordId: result.recordId, version: result.version };
  }
}

/** The 三公 table's figures of a department-year and the records behind each. */
@ApiTags('三公')
@Controller('api/departments/:department/years/:year/sangong')
export class SangongFiguresController {
  constructor(private readonly sangong: SangongQueries) {}

  @Get()
  @Allow('any')
  @ApiOperation({
    summary: 'Each 三公 line: budget, spent to date, share of budget, pace of the year, overspend; counts, vehicles held; warnings',
    description:
      'Budgets come from the plan; spending is the sum of the live 三公 records. asOf: what counted by a date; knownAt: what had been recorded by a time.',
  })
  view(@Param('department', DepartmentCodePipe) d: string, @Param('year', YearPipe) year: number, @Query() query: SangongViewQueryDto) {
    return this.sangong.view(d, year, { asOf: query.asOf, knownAt: query.knownAt });
  }

  @Get(':line/records')
  @Allow('any')
  @ApiOperation({ summary: 'The live records behind a line’s figure (drill-down), paged; summary records included' })
  @ApiParam({ name: 'line', enum: SANGONG_KINDS })
  drillDown(
    @Param('department', DepartmentCodePipe) d: string,
    @Param('year', YearPipe) year: number,
    @Param('line', SangongLinePipe) line: SangongKind,
    @Query() query: SangongDrillDownQueryDto,
  ) {
    return this.sangong.drillDown(d, year, line, {
      asOf: query.asOf,
      knownAt: query.knownAt,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 50,
    });
  }
}
