import { InjectQueue } from '@nestjs/bullmq';
import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { IsOptional, Matches } from 'class-validator';
import { CodedError } from '@app/event-store';
import {
  REPORT_JOB_OPTIONS,
  REPORT_QUEUE,
  reportId,
  reportIdOfResult,
  ReportMissingError,
  type ReportJobData,
  ReportStore,
} from '@app/reporting/jobs';
import { isCalendarDate, invalid, NotFoundError, TrackingQueries } from '@app/tracking';
import { DepartmentCodePipe, YearPipe } from '../http/params';
import { Allow } from '../auth/access.decorators';

class RequestReportDto {
  @ApiPropertyOptional({ example: '2023-06-30', description: 'Only what had happened by this date; default the whole year' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date YYYY-MM-DD' })
  asOf?: string;
}

class QueueUnavailableError extends CodedError {
  constructor(cause: unknown) {
    super('QUEUE.UNAVAILABLE', 'The report queue (Redis) is unavailable; recording activities still works. Try the report again shortly.');
    this.cause = cause;
  }
}

/** Redis being down must fail the request quickly, never hang it. */
async function withQueue<T>(fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('queue timeout')), 3000);
      }),
    ]);
  } catch (error) {
    if (error instanceof CodedError) throw error;
    throw new QueueUnavailableError(error);
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('reports')
@Controller('api/departments/:department')
export class ReportsController {
  constructor(
    @InjectQueue(REPORT_QUEUE) private readonly queue: Queue<ReportJobData>,
    private readonly reports: ReportStore,
    private readonly queries: TrackingQueries,
  ) {}

  @Post('years/:year/reports')
  @Allow('reporter')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Request a year-end report build: 202 with the job id (one job per department-year, as-of date and event position); the finished job’s result names the stored report',
  })
  async request(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('year', YearPipe) year: number,
    @Body() body: RequestReportDto,
  ) {
    await this.queries.requireDepartment(department);
    if (body.asOf !== undefined && (!isCalendarDate(body.asOf) || !body.asOf.startsWith(String(year)))) {
      throw invalid('asOf', `must be an existing date in ${year}`);
    }
    const data: ReportJobData = { department, year, asOf: body.asOf ?? null, tenantPosition: await this.reports.tenantHead(department) };
    const jobId = reportId(data);
    const job = await withQueue(() => this.queue.add('year-end', data, { ...REPORT_JOB_OPTIONS, jobId }));
    // No report id here: the report is stored under the event position it was built from, which
    // moves past `tenantPosition` when activities are recorded meanwhile. The job's result names it.
    return { jobId: job.id, statusUrl: `/api/departments/${department}/reports/jobs/${job.id}` };
  }

  @Get('reports/jobs/:jobId')
  @Allow('any')
  @ApiOperation({
    summary:
      'State and progress of a report job; a completed job names its stored report (500 REPORT_JOB.RESULT_MISSING or REPORT.MISSING when it names none this installation holds)',
  })
  async job(@Param('department', DepartmentCodePipe) department: string, @Param('jobId') jobId: string) {
    // The state before the job: a job read before it finished has no result yet.
    const state = await withQueue(() => this.queue.getJobState(jobId));
    const job = await withQueue(() => this.queue.getJob(jobId));
    if (!job || job.data.department !== department) throw new NotFoundError('REPORT_JOB.NOT_FOUND', `No report job ${jobId}`);
    let result: { reportId: string } | null = null;
    if (state === 'completed') {
      const id = reportIdOfResult(jobId, job.returnvalue);
      if (!(await this.reports.has(department, id))) throw new ReportMissingError(jobId, id);
      result = { reportId: id };
    }
    return {
      jobId: job.id,
      state,
      progress: job.progress,
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason ?? null,
      result,
    };
  }

  @Get('years/:year/reports')
  @Allow('any')
  @ApiOperation({ summary: 'Stored reports of the year, newest first; `stale` when a newer event exists (request a rebuild)' })
  async list(@Param('department', DepartmentCodePipe) department: string, @Param('year', YearPipe) year: number) {
    await this.queries.requireDepartment(department);
    return this.reports.list(department, year);
  }

  @Get('reports/:id')
  @Allow('any')
  @ApiOperation({ summary: 'A stored report (JSON)' })
  async get(@Param('department', DepartmentCodePipe) department: string, @Param('id') id: string) {
    const report = await this.reports.get(department, id);
    if (!report) throw new NotFoundError('REPORT.NOT_FOUND', `No report ${id}`);
    return report;
  }

  @Get('reports/:id/xlsx')
  @Allow('any')
  @ApiOperation({ summary: 'The report as an Excel workbook' })
  async xlsx(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const body = await this.reports.file(department, id, 'xlsx');
    if (!body) throw new NotFoundError('REPORT.NOT_FOUND', `No report ${id}`);
    response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    response.setHeader('Content-Disposition', `attachment; filename="${id}.xlsx"`);
    return new StreamableFile(body as Buffer);
  }

  @Get('reports/:id/html')
  @Allow('any')
  @ApiOperation({ summary: 'The report as a printable HTML page (A4)' })
  async html(
    @Param('department', DepartmentCodePipe) department: string,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    const body = await this.reports.file(department, id, 'html');
    if (!body) throw new NotFoundError('REPORT.NOT_FOUND', `No report ${id}`);
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    return body as string;
  }
}
